import type { ConsumerClass, Manifest } from '../manifest/model.js';
import { queueArn } from './resources.js';

/**
 * `eventctl guardrails`: the IAM policy (for a permission boundary or an SCP) that makes the
 * signed gate the only road to an operational or workflow consumer. eventctl is a client: anyone
 * holding events:StartReplay, sqs:StartMessageMoveTask or sqs:SendMessage on those resources can
 * go around it. This denies the three actions on the manifest's gated resources to every
 * principal except the runner role that runs eventctl on the protected branch. Pure.
 */
export const GATED_CLASSES: readonly ConsumerClass[] = ['operational', 'workflow'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export interface GuardrailsInput {
  manifest: Manifest;
  runnerRoleArn: string;
  account: string;
  /** A region, or `*` for every region. */
  region: string;
  partition?: string;
}

export interface IamStatement {
  Sid: string;
  Effect: 'Deny';
  Action: string[];
  Resource: string[];
  Condition: { ArnNotLike: { 'aws:PrincipalArn': string[] } };
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}

/** The gated consumers' queues and DLQs, and the archives of the buses they subscribe on. */
export function gatedResources(input: GuardrailsInput): { queues: string[]; dlqs: string[]; archives: string[] } {
  const scope = { account: input.account, region: input.region, ...(input.partition ? { partition: input.partition } : {}) };
  const gated = input.manifest.consumers.filter((c) => GATED_CLASSES.includes(c.class));
  const topicBus = new Map(input.manifest.topics.map((t) => [t.name, t.bus]));
  const buses = new Set(gated.flatMap((c) => c.subscribes.map((t) => topicBus.get(t)).filter((b): b is string => b !== undefined)));
  const archives = input.manifest.buses
    .filter((b) => buses.has(b.name) && b.archive)
    .map((b) => `arn:${input.partition ?? 'aws'}:events:${input.region}:${input.account}:archive/${b.archive!.name}`);
  const unique = (xs: string[]) => [...new Set(xs)].sort();
  return {
    queues: unique(gated.flatMap((c) => (c.queue ? [queueArn(scope, c.queue)] : []))),
    dlqs: unique(gated.flatMap((c) => (c.dlq ? [queueArn(scope, c.dlq)] : []))),
    archives: unique(archives),
  };
}

export function guardrailsPolicy(input: GuardrailsInput): IamPolicyDocument {
  const { queues, dlqs, archives } = gatedResources(input);
  const except = { ArnNotLike: { 'aws:PrincipalArn': [input.runnerRoleArn] } };
  const statements: IamStatement[] = [];
  if (archives.length > 0) {
    // Both the archive and the replay resource: a Deny matches whichever StartReplay is authorized against.
    statements.push({
      Sid: 'EventctlGateStartReplay',
      Effect: 'Deny',
      Action: ['events:StartReplay'],
      Resource: [...archives, `arn:${input.partition ?? 'aws'}:events:${input.region}:${input.account}:replay/*`],
      Condition: except,
    });
  }
  if (dlqs.length > 0) {
    statements.push({ Sid: 'EventctlGateMessageMoveTask', Effect: 'Deny', Action: ['sqs:StartMessageMoveTask'], Resource: dlqs, Condition: except });
  }
  if (queues.length + dlqs.length > 0) {
    // The queues (a redrive's destination) and the DLQs (a move task's source): nobody else writes to them.
    statements.push({ Sid: 'EventctlGateSendMessage', Effect: 'Deny', Action: ['sqs:SendMessage'], Resource: [...new Set([...queues, ...dlqs])].sort(), Condition: except });
  }
  return { Version: '2012-10-17', Statement: statements };
}
