import type { EventBridgeReader } from '../aws/eventbridge.js';
import type { IamPort } from '../aws/iam.js';
import type { KinesisPort } from '../aws/kinesis.js';
import type { LambdaPort } from '../aws/lambda.js';
import type { SnsPort } from '../aws/sns.js';
import type { LiveStateMachine, StepFunctionsPort } from '../aws/sfn.js';
import type { TargetKind } from '../manifest/model.js';

/** Ports for non-queue targets, each loaded on first use (an SQS-only platform never loads them). */
export interface TargetPorts {
  lambda(): Promise<LambdaPort>;
  stepFunctions(): Promise<StepFunctionsPort>;
  kinesis(): Promise<KinesisPort>;
  sns(): Promise<SnsPort>;
  iam(): Promise<IamPort>;
}

/** What exists of each kind: one paged List call per kind asked for. */
export interface LiveTargetResources {
  /** `kind/name` → ARN. */
  arns: Map<string, string>;
  /** State machine types by name, where the service reports one. */
  stateMachineTypes: Map<string, string | undefined>;
}

export async function readTargetResources(
  ports: Pick<TargetPorts, 'lambda' | 'stepFunctions' | 'kinesis' | 'sns'>,
  eventBridge: Pick<EventBridgeReader, 'listApiDestinations'>,
  kinds: ReadonlySet<TargetKind>,
): Promise<LiveTargetResources> {
  const arns = new Map<string, string>();
  const stateMachineTypes = new Map<string, string | undefined>();
  const add = (kind: TargetKind, found: Map<string, string>) => {
    for (const [name, arn] of found) arns.set(`${kind}/${name}`, arn);
  };
  await Promise.all([
    kinds.has('lambda') ? (await ports.lambda()).listFunctions().then((f) => add('lambda', f)) : undefined,
    kinds.has('stepfunctions')
      ? (await ports.stepFunctions()).listStateMachines().then((machines: Map<string, LiveStateMachine>) => {
          for (const [name, m] of machines) {
            arns.set(`stepfunctions/${name}`, m.arn);
            stateMachineTypes.set(name, m.type);
          }
        })
      : undefined,
    kinds.has('kinesis') ? (await ports.kinesis()).listStreams().then((s) => add('kinesis', s)) : undefined,
    kinds.has('sns') ? (await ports.sns()).listTopics().then((t) => add('sns', t)) : undefined,
    kinds.has('api-destination') ? eventBridge.listApiDestinations().then((d) => add('api-destination', d)) : undefined,
  ]);
  return { arns, stateMachineTypes };
}

/** `kind/name` → ARN of what exists (sandbox: create the rest). */
export async function resolveTargetArns(
  ports: TargetPorts,
  eventBridge: Pick<EventBridgeReader, 'listApiDestinations'>,
  kinds: ReadonlySet<TargetKind>,
): Promise<Map<string, string>> {
  return (await readTargetResources(ports, eventBridge, kinds)).arns;
}
