import type { LiveTarget } from '../aws/eventbridge.js';
import { parseTargetArn } from '../manifest/consumer-target.js';
import type { ConsumerTarget, TargetRetry } from '../manifest/model.js';
import { queueNameOf } from '../ops/arn.js';

/**
 * One live rule target → the consumer's `target:` (kind, resource, target DLQ, retry, input,
 * partition key), plus review notes for what the account does not tell or the manifest cannot say.
 * An SQS target without a target DLQ, retry or input stays the classic `queue:` form. Pure.
 */
export interface DraftedTarget {
  /** `other` for a service the manifest has no kind for (Firehose, Logs, …). */
  kind: ConsumerTarget['kind'] | 'other';
  /** The SQS queue name when the target is a queue. */
  queue?: string;
  /** Absent for a plain SQS target (the `queue:` form) and for kinds the manifest cannot express. */
  target?: ConsumerTarget;
  notes: string[];
}

export interface TargetContext {
  region?: string;
  account?: string;
  /** State machine types (`STANDARD`/`EXPRESS`) by name, where they could be read. */
  stateMachineTypes?: ReadonlyMap<string, string | undefined>;
}

interface TargetSettings {
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate?: string };
  KinesisParameters?: { PartitionKeyPath?: string };
  Input?: string;
  InputPath?: string;
}

export function draftTarget(live: LiveTarget, context: TargetContext = {}): DraftedTarget {
  const { kind, name } = parseTargetArn(live.arn);
  const notes: string[] = [];
  if (kind === 'other') {
    notes.push(`target: ${live.arn} (a kind the manifest does not model; declare how this consumer is reached)`);
    return { kind, notes };
  }
  const parts = live.arn.split(':');
  const [region, account] = [parts[3], parts[4]];
  if ((context.region && region && region !== context.region) || (context.account && account && account !== context.account)) {
    notes.push(`target ${live.arn} is in another ${account !== context.account ? 'account' : 'region'}: the manifest names it by ${kind === 'sqs' ? 'queue' : 'resource'} name only`);
  }
  const settings = (live.settings ?? {}) as TargetSettings;
  const target: ConsumerTarget = { kind };
  switch (kind) {
    case 'lambda':
      target.function = name;
      if (parts.length > 7) notes.push(`target invokes ${name} qualified as ${parts.slice(7).join(':')}: the manifest names the function only`);
      break;
    case 'stepfunctions': {
      target.stateMachine = name;
      const type = context.stateMachineTypes?.get(name)?.toLowerCase();
      target.type = type === 'express' ? 'express' : 'standard';
      if (type !== 'standard' && type !== 'express') notes.push(`state machine type of ${name} could not be read: standard assumed, confirm`);
      if (target.type === 'standard') notes.push('executionName is not visible on the rule target: set it to the correlation key if executions are named from the event');
      break;
    }
    case 'kinesis': {
      target.stream = name;
      const path = settings.KinesisParameters?.PartitionKeyPath;
      const pointer = path === undefined ? undefined : jsonPathToPointer(path);
      if (pointer) target.partitionKey = pointer;
      else if (path !== undefined) notes.push(`partition key path ${path} is not a plain field path: set partitionKey by hand`);
      break;
    }
    case 'sns':
      target.topic = name;
      break;
    case 'api-destination':
      target.apiDestination = name;
      break;
    case 'eventbus':
      target.eventBus = name;
      break;
    case 'sqs':
      break;
  }
  if (live.deadLetterArn) target.deadLetter = queueNameOf(live.deadLetterArn);
  const retry = retryOf(settings.RetryPolicy);
  if (retry) target.retry = retry;
  const transformer = settings.InputTransformer;
  if (transformer?.InputTemplate !== undefined) {
    target.input = { ...(transformer.InputPathsMap ? { paths: transformer.InputPathsMap } : {}), template: transformer.InputTemplate };
  }
  if (settings.Input !== undefined || settings.InputPath !== undefined) notes.push('target sends a constant Input or an InputPath: the manifest models input transformers only');
  const queue = kind === 'sqs' ? name : undefined;
  const plainQueue = kind === 'sqs' && Object.keys(target).length === 1;
  return { kind, ...(queue ? { queue } : {}), ...(plainQueue ? {} : { target }), notes };
}

function retryOf(policy: TargetSettings['RetryPolicy']): TargetRetry | undefined {
  if (!policy) return undefined;
  const retry: TargetRetry = {};
  if (policy.MaximumRetryAttempts !== undefined) retry.maxAttempts = policy.MaximumRetryAttempts;
  if (policy.MaximumEventAgeInSeconds !== undefined) retry.maxEventAgeSeconds = policy.MaximumEventAgeInSeconds;
  return retry;
}

/** `$.detail.orderId` or `$['detail']['order id']` → a JSON pointer; undefined for anything richer. */
export function jsonPathToPointer(path: string): string | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: string[] = [];
  const step = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['([^'\\]*)'\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const match = step.exec(path);
    if (!match) return undefined;
    segments.push(match[1] ?? match[2]!);
  }
  if (segments.length === 0) return undefined;
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
