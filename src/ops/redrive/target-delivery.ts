import { createHash } from 'node:crypto';
import type { BatchResult, OutgoingMessage, SqsPort } from '../../aws/sqs.js';
import { UsageError } from '../../errors.js';
import type { ResolvedTarget } from '../../manifest/consumer-target.js';
import { mapLimit } from '../map-limit.js';
import type { TargetPorts } from '../target-resources.js';
import type { MoverSqs } from './mover.js';

/** Delivers one original event (the target DLQ message body) to the one target it failed to reach. */
export type DeliverEvent = (body: string) => Promise<{ alreadyDelivered?: boolean }>;

/** Kinds a target-DLQ redrive re-delivers to; API destinations and buses are re-put, not redriven. */
export const REDRIVABLE_KINDS: ReadonlySet<ResolvedTarget['kind']> = new Set(['sqs', 'lambda', 'stepfunctions', 'kinesis', 'sns']);

/**
 * A Step Functions execution name from the event id: the same event always gets the same name,
 * so a re-run (a resume, a second redrive, EventBridge's own earlier attempt if it used the id)
 * cannot start the workflow twice. Names are 1–80 of [A-Za-z0-9-_].
 */
export function executionNameFor(body: string): string {
  let id: unknown;
  try {
    id = (JSON.parse(body) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  const base = typeof id === 'string' && id !== '' ? id : createHash('sha256').update(body).digest('hex').slice(0, 40);
  return `ectl-${base.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 80);
}

/** The value at a JSON pointer in the event, as a partition key; the event id when absent. */
export function partitionKeyFor(body: string, pointer: string | undefined): string {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return createHash('sha256').update(body).digest('hex').slice(0, 32);
  }
  let at: unknown = event;
  for (const segment of (pointer ?? '/id').split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  if (typeof at === 'string' && at !== '') return at.slice(0, 256);
  if (typeof at === 'number') return String(at);
  const id = (event as { id?: unknown })?.id;
  return typeof id === 'string' && id !== '' ? id : createHash('sha256').update(body).digest('hex').slice(0, 32);
}

/** Resolves the target (its ARN where the API needs one) and returns how to deliver to it. */
export async function targetDeliverer(target: ResolvedTarget, ports: TargetPorts & { sqs(): Promise<SqsPort> }): Promise<{ deliver: DeliverEvent; describe: string; arn: string }> {
  if (!REDRIVABLE_KINDS.has(target.kind)) {
    throw new UsageError(`a target-DLQ redrive re-delivers to Lambda, Step Functions, Kinesis, SNS and SQS targets, not ${target.kind}`, {
      hint: 're-put the events on the bus instead (a replay), or deliver them by hand',
    });
  }
  const missing = (what: string) => new UsageError(`${what} ${target.resource} does not exist; nothing was moved`);
  switch (target.kind) {
    case 'lambda': {
      const lambda = await ports.lambda();
      const arn = (await lambda.listFunctions()).get(target.resource);
      if (!arn) throw missing('Lambda function');
      return { arn, describe: `Lambda function ${target.resource} (async invoke)`, deliver: async (body) => (await lambda.invokeAsync(target.resource, body), {}) };
    }
    case 'stepfunctions': {
      const sfn = await ports.stepFunctions();
      const machine = (await sfn.listStateMachines()).get(target.resource);
      if (!machine) throw missing('state machine');
      return {
        arn: machine.arn,
        describe: `state machine ${target.resource} (StartExecution named from the event id)`,
        deliver: async (body) => ({ alreadyDelivered: (await sfn.startExecution(machine.arn, executionNameFor(body), body)).alreadyExisted }),
      };
    }
    case 'kinesis': {
      const kinesis = await ports.kinesis();
      const arn = (await kinesis.listStreams()).get(target.resource);
      if (!arn) throw missing('Kinesis stream');
      const pointer = target.declared?.partitionKey;
      return { arn, describe: `Kinesis stream ${target.resource} (PutRecord)`, deliver: async (body) => (await kinesis.putRecord(target.resource, partitionKeyFor(body, pointer), body), {}) };
    }
    case 'sns': {
      const sns = await ports.sns();
      const arn = (await sns.listTopics()).get(target.resource);
      if (!arn) throw missing('SNS topic');
      return { arn, describe: `SNS topic ${target.resource} (Publish)`, deliver: async (body) => (await sns.publish(arn, body), {}) };
    }
    default: {
      const sqs = await ports.sqs();
      const url = await sqs.findQueueUrl(target.resource);
      if (!url) throw missing('queue');
      return {
        arn: (await sqs.getQueueAttributes(url, ['QueueArn'])).arn ?? '',
        describe: `queue ${target.resource} (SendMessage)`,
        deliver: async (body) => {
          const out = await sqs.sendMessageBatch(url, [{ id: 'm', body }]);
          if (out.failed.length > 0) throw Object.assign(new Error(out.failed[0]!.message ?? out.failed[0]!.code), { name: out.failed[0]!.code });
          return {};
        },
      };
    }
  }
}

/**
 * The mover's SQS port with its send replaced by delivery to the target: receiving, journaling,
 * deleting only what was delivered, resuming, filters and caps stay the mover's, unchanged.
 * Per-message failures come back as batch failures, final for this run: each delivery is a whole
 * call the SDK already retried (the long-work profile), so the mover must not re-send it on top
 * (that would multiply the attempts); the message stays in the DLQ, reported, for a later run.
 */
export function deliveringMoverPort(sqs: MoverSqs, deliver: DeliverEvent, concurrency = 4): MoverSqs & { alreadyDelivered(): number } {
  let already = 0;
  return {
    receiveMessages: (url, options) => sqs.receiveMessages(url, options),
    changeVisibility: (url, entries) => sqs.changeVisibility(url, entries),
    deleteMessageBatch: (url, entries) => sqs.deleteMessageBatch(url, entries),
    sendMessageBatch: async (_url: string, messages: readonly OutgoingMessage[]): Promise<BatchResult> => {
      const result: BatchResult = { successful: [], failed: [] };
      await mapLimit(messages, concurrency, async (m) => {
        try {
          if ((await deliver(m.body)).alreadyDelivered) already += 1;
          result.successful.push(m.id);
        } catch (error) {
          const e = error as { name?: string; message?: string };
          // senderFault: not re-sent by the mover (see above), whatever the status.
          result.failed.push({ id: m.id, code: e.name ?? 'DeliveryFailed', message: e.message, senderFault: true });
        }
      });
      return result;
    },
    alreadyDelivered: () => already,
  };
}
