import type { Consumer, ConsumerTarget, TargetKind, TargetRetry } from './model.js';

/**
 * A consumer's rule target as one shape for every kind: the manifest's `target:` when present,
 * otherwise the classic `queue:` form (an SQS target). Pure.
 */
export interface ResolvedTarget {
  kind: TargetKind;
  /** The target resource's name (queue, function, state machine, stream, topic, API destination, bus). */
  resource: string;
  /** The EventBridge target DLQ (DeadLetterConfig), an SQS queue name. */
  deadLetter?: string;
  retry?: TargetRetry;
  input?: ConsumerTarget['input'];
  /** The manifest pointer of the field naming the resource, for findings. */
  field: string;
  declared: ConsumerTarget | undefined;
}

const RESOURCE_FIELD: Record<Exclude<TargetKind, 'sqs'>, keyof ConsumerTarget> = {
  lambda: 'function',
  stepfunctions: 'stateMachine',
  kinesis: 'stream',
  sns: 'topic',
  'api-destination': 'apiDestination',
  eventbus: 'eventBus',
};

/** Undefined when the consumer declares neither a target nor a queue. */
export function targetOf(consumer: Consumer): ResolvedTarget | undefined {
  const declared = consumer.target;
  const kind = declared?.kind ?? 'sqs';
  const base = { kind, deadLetter: declared?.deadLetter, retry: declared?.retry, input: declared?.input, declared };
  if (kind === 'sqs') {
    return consumer.queue ? { ...base, resource: consumer.queue, field: 'queue' } : undefined;
  }
  const field = RESOURCE_FIELD[kind];
  const resource = declared?.[field];
  return typeof resource === 'string' ? { ...base, resource, field: `target/${field}` } : undefined;
}

/** True for targets that are not a queue the consumer polls: EventBridge delivers, retries and drops. */
export function isPushTarget(target: ResolvedTarget): boolean {
  return target.kind !== 'sqs';
}

/** The target kind and resource name an ARN denotes, for comparing live targets with the manifest. */
export function parseTargetArn(arn: string): { kind: TargetKind | 'other'; name: string } {
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const rest = parts.slice(5).join(':');
  switch (service) {
    case 'sqs':
      return { kind: 'sqs', name: rest };
    case 'lambda':
      // function:NAME or function:NAME:QUALIFIER
      return { kind: 'lambda', name: rest.split(':')[1] ?? '' };
    case 'states':
      return { kind: 'stepfunctions', name: rest.split(':')[1] ?? '' };
    case 'kinesis':
      return { kind: 'kinesis', name: rest.replace(/^stream\//, '') };
    case 'sns':
      return { kind: 'sns', name: rest };
    case 'events':
      if (rest.startsWith('api-destination/')) return { kind: 'api-destination', name: rest.split('/')[1] ?? '' };
      if (rest.startsWith('event-bus/')) return { kind: 'eventbus', name: rest.slice('event-bus/'.length) };
      return { kind: 'other', name: rest };
    default:
      return { kind: 'other', name: rest };
  }
}

/** The EventBridge target settings the manifest declares, in the SDK's shape (drift and sandbox compare by it). */
export function declaredTargetSettings(target: ResolvedTarget, deadLetterArn: string | undefined): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (target.deadLetter && deadLetterArn) settings.DeadLetterConfig = { Arn: deadLetterArn };
  if (target.retry) {
    settings.RetryPolicy = {
      ...(target.retry.maxAttempts !== undefined ? { MaximumRetryAttempts: target.retry.maxAttempts } : {}),
      ...(target.retry.maxEventAgeSeconds !== undefined ? { MaximumEventAgeInSeconds: target.retry.maxEventAgeSeconds } : {}),
    };
  }
  if (target.input) {
    settings.InputTransformer = { InputPathsMap: target.input.paths ?? {}, InputTemplate: target.input.template };
  }
  const partitionKey = target.declared?.partitionKey;
  if (target.kind === 'kinesis' && partitionKey) {
    settings.KinesisParameters = { PartitionKeyPath: pointerToJsonPath(partitionKey) };
  }
  return settings;
}

/** `/detail/orderId` → `$.detail.orderId` (EventBridge paths are JSONPath). */
export function pointerToJsonPath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `$${segments.map((s) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? `.${s}` : `['${s}']`)).join('')}`;
}

/** A queue a consumer's failures land in: its queue's DLQ (SQS redrive) or its EventBridge target DLQ. */
export interface DeadLetterOf {
  name: string;
  /** `queue`: fed by the queue's redrive policy; `target`: fed by EventBridge once retries are exhausted. */
  via: 'queue' | 'target';
  /** The target kind whose failures it holds (`sqs` for a queue DLQ). */
  kind: TargetKind;
}

export function deadLettersOf(consumer: Consumer): DeadLetterOf[] {
  const out: DeadLetterOf[] = [];
  if (consumer.dlq) out.push({ name: consumer.dlq, via: 'queue', kind: 'sqs' });
  const target = targetOf(consumer);
  if (target?.deadLetter) out.push({ name: target.deadLetter, via: 'target', kind: target.kind });
  return out;
}
