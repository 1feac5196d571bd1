import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  type QueueAttributeName,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { queueNameOf } from '../ops/arn.js';
import { remoteCaller } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Ports: only the operations eventctl uses. Ops code depends on these, never on the SDK.
// ---------------------------------------------------------------------------------------------

/** The redrive policy on a source queue: where its failures go. */
export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface QueueAttributes {
  arn?: string;
  /** ApproximateNumberOfMessages: visible, waiting to be received. */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: received, not yet deleted. */
  inFlight: number;
  /** ApproximateNumberOfMessagesDelayed. */
  delayed: number;
  fifo: boolean;
  visibilityTimeoutSeconds?: number;
  messageRetentionSeconds?: number;
  redrivePolicy?: RedrivePolicy;
  /** Every attribute as returned, for callers that need more. */
  raw: Record<string, string>;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** System attributes (SentTimestamp, ApproximateReceiveCount, MessageGroupId, …). */
  attributes: Record<string, string>;
  /** String/Number message attributes by name (binary ones as base64). */
  messageAttributes: Record<string, string>;
  /** Full typed message attributes, so a redrive can copy them exactly. */
  rawMessageAttributes: Record<string, MessageAttributeValue>;
}

export interface ReceiveOptions {
  maxMessages?: number;
  /** Long polling: 1–20 s. */
  waitTimeSeconds?: number;
  visibilityTimeoutSeconds?: number;
}

export interface BatchResult {
  /** Entry ids that succeeded. */
  successful: string[];
  /** Entry ids that failed, with the reason; a 200 can hide these. */
  failed: Array<{ id: string; code: string; message?: string; senderFault: boolean }>;
}

export interface OutgoingMessage {
  /** Batch entry id, unique in the batch. */
  id: string;
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  delaySeconds?: number;
  /** FIFO only. */
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

/** Reading queue state: lag, dlq list, drift. */
export interface SqsReader {
  getQueueUrl(name: string): Promise<string>;
  /** Undefined when the queue does not exist (drift, sandbox). */
  findQueueUrl(name: string): Promise<string | undefined>;
  /** Queue URLs by name, for every queue whose name starts with `prefix` (paged). */
  listQueueUrls(prefix?: string): Promise<Map<string, string>>;
  getQueueAttributes(queueUrl: string, names?: readonly QueueAttributeName[]): Promise<QueueAttributes>;
}

/** Taking messages out of view and putting them back: dlq inspect, redrive, replay verification. */
export interface SqsMessageReader {
  receiveMessages(queueUrl: string, options?: ReceiveOptions): Promise<ReceivedMessage[]>;
  /** Sets the visibility of up to 10 receipts per call; splits larger lists into batches. */
  changeVisibility(
    queueUrl: string,
    entries: ReadonlyArray<{ id: string; receiptHandle: string; visibilityTimeoutSeconds: number }>,
  ): Promise<BatchResult>;
}

/** Writes: sandbox (queues) and redrive (send then delete). Gated by callers. */
export interface SqsWriter {
  /** Creates the queue, or brings an existing one's attributes to `attributes`. Returns its URL. */
  ensureQueue(name: string, attributes: Record<string, string>): Promise<{ url: string; created: boolean }>;
  setQueueAttributes(queueUrl: string, attributes: Record<string, string>): Promise<void>;
  /** Up to 10 per call; larger lists are split. Per-entry failures are returned, not thrown. */
  sendMessageBatch(queueUrl: string, messages: readonly OutgoingMessage[]): Promise<BatchResult>;
  deleteMessageBatch(
    queueUrl: string,
    entries: ReadonlyArray<{ id: string; receiptHandle: string }>,
  ): Promise<BatchResult>;
}

export type SqsPort = SqsReader & SqsMessageReader & SqsWriter;

// ---------------------------------------------------------------------------------------------
// Pure mappers
// ---------------------------------------------------------------------------------------------

export { queueNameOf };

export function parseRedrivePolicy(text: string | undefined): RedrivePolicy | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    if (typeof value.deadLetterTargetArn !== 'string') return undefined;
    return { deadLetterTargetArn: value.deadLetterTargetArn, maxReceiveCount: Number(value.maxReceiveCount) };
  } catch {
    return undefined;
  }
}

export function mapQueueAttributes(raw: Record<string, string> = {}): QueueAttributes {
  const num = (key: string) => (raw[key] === undefined ? undefined : Number(raw[key]));
  return {
    arn: raw.QueueArn,
    visible: num('ApproximateNumberOfMessages') ?? 0,
    inFlight: num('ApproximateNumberOfMessagesNotVisible') ?? 0,
    delayed: num('ApproximateNumberOfMessagesDelayed') ?? 0,
    fifo: raw.FifoQueue === 'true',
    visibilityTimeoutSeconds: num('VisibilityTimeout'),
    messageRetentionSeconds: num('MessageRetentionPeriod'),
    redrivePolicy: parseRedrivePolicy(raw.RedrivePolicy),
    raw,
  };
}

export function mapMessage(message: Message): ReceivedMessage {
  const messageAttributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] =
      value.StringValue ?? (value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : '');
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: { ...(message.Attributes ?? {}) } as Record<string, string>,
    messageAttributes,
    rawMessageAttributes: { ...(message.MessageAttributes ?? {}) },
  };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The attributes lag needs: counts only, so one call per queue. */
export const COUNT_ATTRIBUTES: readonly QueueAttributeName[] = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'RedrivePolicy',
  'FifoQueue',
];

/** QueueDoesNotExist, under its JSON and its legacy query-protocol names. */
export function isMissingQueue(error: unknown): boolean {
  const name = (error as { name?: string; Code?: string } | undefined)?.name ?? '';
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue';
}

// ---------------------------------------------------------------------------------------------
// Implementation over the SDK
// ---------------------------------------------------------------------------------------------

export function createSqsPort(client: SQSClient, endpoint?: string): SqsPort {
  const call = remoteCaller('sqs', endpoint);
  const q = (url: string) => `queue ${queueNameOf(url)}`;
  const batchResult = (
    out: { Successful?: Array<{ Id?: string }>; Failed?: Array<{ Id?: string; Code?: string; Message?: string; SenderFault?: boolean }> },
    into: BatchResult,
  ) => {
    for (const s of out.Successful ?? []) into.successful.push(s.Id ?? '');
    for (const f of out.Failed ?? []) {
      into.failed.push({ id: f.Id ?? '', code: f.Code ?? 'Unknown', message: f.Message, senderFault: f.SenderFault ?? false });
    }
  };

  return {
    getQueueUrl: (name) =>
      call('GetQueueUrl', `queue ${name}`, async () => {
        const out = await client.send(new GetQueueUrlCommand({ QueueName: name }));
        return out.QueueUrl ?? '';
      }),

    findQueueUrl: (name) =>
      call('GetQueueUrl', `queue ${name}`, async () => {
        try {
          const out = await client.send(new GetQueueUrlCommand({ QueueName: name }));
          return out.QueueUrl;
        } catch (error) {
          if (isMissingQueue(error)) return undefined;
          throw error;
        }
      }),

    listQueueUrls: (prefix) =>
      call('ListQueues', prefix ? `queues ${prefix}*` : 'queues', async () => {
        const urls = new Map<string, string>();
        let token: string | undefined;
        do {
          const out = await client.send(
            new ListQueuesCommand({ QueueNamePrefix: prefix || undefined, MaxResults: 1000, NextToken: token }),
          );
          for (const url of out.QueueUrls ?? []) urls.set(queueNameOf(url), url);
          token = out.NextToken;
        } while (token);
        return urls;
      }),

    getQueueAttributes: (url, names = ['All']) =>
      call('GetQueueAttributes', q(url), async () => {
        const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...names] }));
        return mapQueueAttributes(out.Attributes as Record<string, string> | undefined);
      }),

    receiveMessages: (url, options = {}) =>
      call('ReceiveMessage', q(url), async () => {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: options.maxMessages ?? 10,
            WaitTimeSeconds: options.waitTimeSeconds ?? 1,
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        return (out.Messages ?? []).map(mapMessage);
      }),

    changeVisibility: (url, entries) =>
      call('ChangeMessageVisibility', q(url), async () => {
        const result: BatchResult = { successful: [], failed: [] };
        for (const batch of chunk(entries, 10)) {
          const out = await client.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: url,
              Entries: batch.map((e) => ({ Id: e.id, ReceiptHandle: e.receiptHandle, VisibilityTimeout: e.visibilityTimeoutSeconds })),
            }),
          );
          batchResult(out, result);
        }
        return result;
      }),

    ensureQueue: (name, attributes) =>
      call('CreateQueue', `queue ${name}`, async () => {
        try {
          const out = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
          return { url: out.QueueUrl ?? '', created: true };
        } catch (error) {
          // Same name, different attributes: bring the existing queue to the declared ones.
          if ((error as { name?: string }).name !== 'QueueNameExists') throw error;
          const url = (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
          const { FifoQueue: _fifo, ...mutable } = attributes;
          await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: mutable }));
          return { url, created: false };
        }
      }),

    setQueueAttributes: (url, attributes) =>
      call('SetQueueAttributes', q(url), async () => {
        await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
      }),

    sendMessageBatch: (url, messages) =>
      call('SendMessageBatch', q(url), async () => {
        const result: BatchResult = { successful: [], failed: [] };
        for (const batch of chunk(messages, 10)) {
          const out = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: url,
              Entries: batch.map((m) => ({
                Id: m.id,
                MessageBody: m.body,
                MessageAttributes: m.messageAttributes,
                DelaySeconds: m.delaySeconds,
                MessageGroupId: m.messageGroupId,
                MessageDeduplicationId: m.messageDeduplicationId,
              })),
            }),
          );
          batchResult(out, result);
        }
        return result;
      }),

    deleteMessageBatch: (url, entries) =>
      call('DeleteMessageBatch', q(url), async () => {
        const result: BatchResult = { successful: [], failed: [] };
        for (const batch of chunk(entries, 10)) {
          const out = await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: url,
              Entries: batch.map((e) => ({ Id: e.id, ReceiptHandle: e.receiptHandle })),
            }),
          );
          batchResult(out, result);
        }
        return result;
      }),
  };
}
