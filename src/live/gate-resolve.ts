import { queueArn, type GateResource, type ResourceUse } from '../approval/resources.js';
import type { Plan } from '../approval/plan.js';
import type { EventBridgeReplayReader } from '../aws/eventbridge-replay.js';
import type { SqsReader } from '../aws/sqs.js';
import { parseArn, ruleNameOfArn } from '../ops/replay/arn.js';
import { parseTargetArn } from '../manifest/consumer-target.js';
import type { TargetKind } from '../manifest/model.js';
import { TARGET_RESOURCE_KINDS } from '../approval/resources.js';
import type { TargetPorts } from '../ops/target-resources.js';
import { RemoteError } from '../errors.js';

/**
 * A resource AWS gave no answer about (unreachable, throttled, failing) is no reason to refuse:
 * the run stops with that one-line remote error (exit 4), as every other command does.
 */
function rethrowUnanswered(error: unknown): void {
  if (error instanceof RemoteError && error.unanswered) throw error;
}

/**
 * Resolve, don't trust: every resource a run will touch, as AWS names it in the account and
 * region the run acts in (read-only calls: GetQueueAttributes QueueArn, DescribeRule Arn). The
 * gate maps these ARNs, never the plan's words, to the consumers that own them.
 */
export interface ResolvedResources {
  resources: GateResource[];
  unresolved: string[];
}

export interface ResolvePorts {
  sqs?: () => Promise<Pick<SqsReader, 'getQueueAttributes' | 'getQueueUrl'>>;
  replay?: Pick<EventBridgeReplayReader, 'describeRuleDefinition'>;
  /** Push targets a target DLQ is redriven to (Lambda, Step Functions, Kinesis, SNS). */
  targets?: TargetLookupPorts;
}

export type TargetLookupPorts = Pick<TargetPorts, 'lambda' | 'stepFunctions' | 'kinesis' | 'sns'>;

/** The ARN AWS lists for a push target's name in this account and region (read-only List calls). */
async function liveTargetArn(ports: TargetLookupPorts, kind: TargetKind, name: string): Promise<string | undefined> {
  switch (kind) {
    case 'lambda':
      return (await (await ports.lambda()).listFunctions()).get(name);
    case 'stepfunctions':
      return (await (await ports.stepFunctions()).listStateMachines()).get(name)?.arn;
    case 'kinesis':
      return (await (await ports.kinesis()).listStreams()).get(name);
    case 'sns':
      return (await (await ports.sns()).listTopics()).get(name);
    default:
      return undefined;
  }
}

/** A push target (redrive destination of a target DLQ), resolved by kind and name. */
async function targetResource(ports: TargetLookupPorts, kind: TargetKind, name: string, named: string, out: ResolvedResources): Promise<string | undefined> {
  const resourceKind = TARGET_RESOURCE_KINDS[kind];
  if (!resourceKind) {
    out.unresolved.push(`${named}: a target DLQ is redriven to a Lambda function, state machine, Kinesis stream or SNS topic, not ${kind}`);
    return undefined;
  }
  let arn: string | undefined;
  try {
    arn = await liveTargetArn(ports, kind, name);
  } catch (error) {
    rethrowUnanswered(error);
    out.unresolved.push(`${kind} target ${name} could not be resolved: ${(error as Error).message}`);
    return undefined;
  }
  const parts = arn ? parseArn(arn) : undefined;
  if (!arn || !parts) {
    out.unresolved.push(`${kind} target ${name} (${named}) does not exist in this account and region`);
    return undefined;
  }
  out.resources.push({ kind: resourceKind, arn, account: parts.account, region: parts.region, use: 'redrive-destination', named });
  return arn;
}

async function queueResource(sqs: Pick<SqsReader, 'getQueueAttributes'>, url: string, use: ResourceUse, out: ResolvedResources): Promise<void> {
  try {
    const arn = (await sqs.getQueueAttributes(url, ['QueueArn'])).arn;
    const parts = arn ? parseArn(arn) : undefined;
    if (!arn || !parts) {
      out.unresolved.push(`${url}: AWS returned no queue ARN`);
      return;
    }
    out.resources.push({ kind: 'sqs-queue', arn, account: parts.account, region: parts.region, use, named: url });
  } catch (error) {
    rethrowUnanswered(error);
    out.unresolved.push(`${url} could not be resolved: ${(error as Error).message}`);
  }
}

export async function resolvePlanResources(plan: Plan, ports: ResolvePorts): Promise<ResolvedResources> {
  const out: ResolvedResources = { resources: [], unresolved: [] };
  for (const target of plan.targets) {
    if (plan.kind === 'replay' && target.ruleArn) {
      const { busName, name } = ruleNameOfArn(target.ruleArn);
      const live = await ports.replay!.describeRuleDefinition(name, busName);
      const parts = live?.arn ? parseArn(live.arn) : undefined;
      if (!live || !parts) out.unresolved.push(`rule ${busName}/${name} (${target.ruleArn}) does not exist in this account and region`);
      else if (live.arn !== target.ruleArn) out.unresolved.push(`${target.ruleArn} is rule ${live.arn} in the account and region of this run, not the one the plan names`);
      else out.resources.push({ kind: 'eventbridge-rule', arn: live.arn, account: parts.account, region: parts.region, use: 'replay-filter', named: target.ruleArn });
    }
    if (plan.kind === 'redrive') {
      const sqs = await ports.sqs!();
      if (target.dlqUrl) await queueResource(sqs, target.dlqUrl, 'redrive-source', out);
      if (target.queueUrl) await queueResource(sqs, target.queueUrl, 'redrive-destination', out);
      if (target.targetArn) {
        const { kind, name } = parseTargetArn(target.targetArn);
        const before = out.resources.length;
        const live = kind === 'other' ? undefined : await targetResource(ports.targets!, kind, name, target.targetArn, out);
        if (kind === 'other') out.unresolved.push(`${target.targetArn} is not the ARN of a redrivable target`);
        else if (live !== undefined && live !== target.targetArn) {
          out.resources.splice(before);
          out.unresolved.push(`${target.targetArn} is ${live} in the account and region of this run, not the one the plan names`);
        }
      }
    }
  }
  return out;
}

/**
 * A plan-less redrive: the DLQ and queue the trusted manifest gives the consumer, resolved by
 * name with GetQueueUrl in the run's account and region. The names come from the protected
 * branch and the URL from AWS, so the ARN follows from them without another call.
 */
export async function resolveConsumerQueues(sqs: Pick<SqsReader, 'getQueueUrl'>, names: { dlq: string; queue: string }, region: string): Promise<ResolvedResources & { dlqUrl?: string; queueUrl?: string }> {
  const out: ResolvedResources & { dlqUrl?: string; queueUrl?: string } = { resources: [], unresolved: [] };
  for (const [use, name] of [['redrive-source', names.dlq], ['redrive-destination', names.queue]] as const) {
    let url: string;
    try {
      url = await sqs.getQueueUrl(name);
    } catch (error) {
      rethrowUnanswered(error);
      out.unresolved.push(`queue ${name} could not be resolved: ${(error as Error).message}`);
      continue;
    }
    const account = /\/(\d{12})\/[^/]+$/.exec(url)?.[1];
    if (!account) {
      out.unresolved.push(`queue ${name}: AWS returned ${url}, which names no account`);
      continue;
    }
    if (use === 'redrive-source') out.dlqUrl = url;
    else out.queueUrl = url;
    out.resources.push({ kind: 'sqs-queue', arn: queueArn({ account, region }, name), account, region, use, named: url });
  }
  return out;
}

/**
 * A plan-less redrive of a consumer's EventBridge target DLQ to its push target: the DLQ by name
 * (GetQueueUrl) and the target by name (its kind's List call), both from the protected branch.
 */
export async function resolveConsumerTargetDlq(
  sqs: Pick<SqsReader, 'getQueueUrl'>,
  targets: TargetLookupPorts,
  names: { dlq: string; kind: TargetKind; resource: string },
  region: string,
): Promise<ResolvedResources & { dlqUrl?: string; targetArn?: string }> {
  const out: ResolvedResources & { dlqUrl?: string; targetArn?: string } = { resources: [], unresolved: [] };
  try {
    const url = await sqs.getQueueUrl(names.dlq);
    const account = /\/(\d{12})\/[^/]+$/.exec(url)?.[1];
    if (!account) out.unresolved.push(`queue ${names.dlq}: AWS returned ${url}, which names no account`);
    else {
      out.dlqUrl = url;
      out.resources.push({ kind: 'sqs-queue', arn: queueArn({ account, region }, names.dlq), account, region, use: 'redrive-source', named: url });
    }
  } catch (error) {
    rethrowUnanswered(error);
    out.unresolved.push(`queue ${names.dlq} could not be resolved: ${(error as Error).message}`);
  }
  const arn = await targetResource(targets, names.kind, names.resource, `${names.kind} ${names.resource}`, out);
  if (arn) out.targetArn = arn;
  return out;
}
