import type { ReceivedMessage, SqsMessageReader, SqsReader } from '../aws/sqs.js';
import { RefusedError } from '../errors.js';

/**
 * A guarded peek at a DLQ. SQS has no non-mutating read: every receive raises the receive count
 * and hides the message. So: refuse a DLQ that itself redrives (a peek could forward messages),
 * hide what we read only as long as the scan needs, never read a message twice, and put every
 * message back (visibility 0) before returning — also when interrupted or on an error.
 */

export interface InspectOptions {
  /** Stop after this many distinct messages (default: the approximate total, at most 1000). */
  maxMessages?: number;
  /** Long-poll wait per receive, 1–20 s (default 2). */
  waitTimeSeconds?: number;
  /** Read even though the DLQ has its own redrive policy. */
  force?: boolean;
  /** Checked between receives; an in-flight receive is never cut off (its messages would stay hidden). */
  signal?: { readonly aborted: boolean };
  /** Milliseconds clock, for the visibility budget. */
  clock?: () => number;
  onProgress?: (seen: number, total: number) => void;
  onWarning?: (message: string) => void;
}

export interface InspectedMessage {
  messageId: string;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  event?: unknown;
  receiveCount?: number;
  sentTimestamp?: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, string>;
}

export interface InspectScan {
  dlq: string;
  queueUrl: string;
  approximateTotal: number;
  fifo: boolean;
  messages: InspectedMessage[];
  /** Receipts put back to visibility 0. */
  released: number;
  /** Release calls that failed (e.g. a stale receipt of a message received twice). */
  releaseFailures: Array<{ messageId: string; code: string }>;
  interrupted: boolean;
  visibilityTimeoutSeconds: number;
}

export const MAX_INSPECT_MESSAGES = 1000;
const MAX_VISIBILITY_SECONDS = 43_200;

/** Enough hiding for the whole scan (receives of 10 at `wait` seconds each), plus margin. */
export function visibilityForScan(limit: number, waitTimeSeconds: number): number {
  const receives = Math.ceil(limit / 10) + 2;
  return Math.min(MAX_VISIBILITY_SECONDS, Math.max(30, receives * (waitTimeSeconds + 2) + 30));
}

function toInspected(message: ReceivedMessage): InspectedMessage {
  let event: unknown;
  try {
    event = JSON.parse(message.body);
  } catch {
    event = undefined;
  }
  const receiveCount = message.attributes.ApproximateReceiveCount;
  return {
    messageId: message.messageId,
    body: message.body,
    event,
    receiveCount: receiveCount === undefined ? undefined : Number(receiveCount),
    sentTimestamp: message.attributes.SentTimestamp,
    attributes: message.attributes,
    messageAttributes: message.messageAttributes,
  };
}

export async function scanDlq(sqs: SqsReader & SqsMessageReader, dlq: string, options: InspectOptions = {}): Promise<InspectScan> {
  const clock = options.clock ?? Date.now;
  const wait = Math.min(20, Math.max(1, options.waitTimeSeconds ?? 2));
  const queueUrl = await sqs.getQueueUrl(dlq);
  const attrs = await sqs.getQueueAttributes(queueUrl, ['All']);
  if (attrs.redrivePolicy && !options.force) {
    throw new RefusedError(
      `${dlq} has its own redrive policy (to ${attrs.redrivePolicy.deadLetterTargetArn}, maxReceiveCount ${attrs.redrivePolicy.maxReceiveCount}): reading it could forward messages there`,
      [],
      { hint: 'pass --force to read anyway; each read raises every message’s receive count' },
    );
  }
  if (attrs.redrivePolicy) options.onWarning?.(`${dlq} redrives to ${attrs.redrivePolicy.deadLetterTargetArn}; reading anyway (--force)`);
  if (attrs.fifo) {
    options.onWarning?.(`${dlq} is FIFO: while the scan holds a message, its whole message group is blocked for other readers`);
  }
  const approximateTotal = attrs.visible;
  const limit = Math.min(options.maxMessages ?? approximateTotal, MAX_INSPECT_MESSAGES);
  const visibility = visibilityForScan(limit, wait);
  const seen = new Map<string, InspectedMessage>();
  const receipts: Array<{ messageId: string; receiptHandle: string }> = [];
  const started = clock();
  let interrupted = false;
  let released = 0;
  const releaseFailures: InspectScan['releaseFailures'] = [];
  try {
    let emptyStreak = 0;
    // Two empty long polls in a row: SQS has nothing more for us (long polling asks every server).
    while (seen.size < limit && emptyStreak < 2) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      // Leave a margin so nothing we hold reappears mid-scan and gets counted as new.
      if ((clock() - started) / 1000 > visibility - wait - 10) break;
      const batch = await sqs.receiveMessages(queueUrl, {
        maxMessages: Math.min(10, limit - seen.size),
        waitTimeSeconds: wait,
        visibilityTimeoutSeconds: visibility,
      });
      emptyStreak = batch.length === 0 ? emptyStreak + 1 : 0;
      for (const message of batch) {
        receipts.push({ messageId: message.messageId, receiptHandle: message.receiptHandle });
        if (!seen.has(message.messageId)) seen.set(message.messageId, toInspected(message));
      }
      options.onProgress?.(seen.size, approximateTotal);
    }
    if (options.signal?.aborted) interrupted = true;
  } finally {
    if (receipts.length > 0) {
      const result = await sqs.changeVisibility(
        queueUrl,
        receipts.map((r, i) => ({ id: `m${i}`, receiptHandle: r.receiptHandle, visibilityTimeoutSeconds: 0 })),
      );
      released = result.successful.length;
      for (const failure of result.failed) {
        const index = Number(failure.id.slice(1));
        releaseFailures.push({ messageId: receipts[index]?.messageId ?? failure.id, code: failure.code });
      }
    }
  }
  return {
    dlq,
    queueUrl,
    approximateTotal,
    fifo: attrs.fifo,
    messages: [...seen.values()],
    released,
    releaseFailures,
    interrupted,
    visibilityTimeoutSeconds: visibility,
  };
}

// ---------------------------------------------------------------------------------------------
// Grouping and validation (pure)
// ---------------------------------------------------------------------------------------------

/** EventBridge puts these on messages it dead-letters from a rule target. */
export const EVENTBRIDGE_DLQ_ATTRIBUTES = ['ERROR_CODE', 'ERROR_MESSAGE', 'RULE_ARN', 'TARGET_ARN'] as const;

export type GroupKey =
  | { by: 'eventbridge-error'; errorCode?: string; errorMessage?: string; ruleArn?: string; targetArn?: string }
  | { by: 'event-type'; source?: string; detailType?: string };

export function groupKeyOf(message: InspectedMessage): GroupKey {
  const attrs = message.messageAttributes;
  if (EVENTBRIDGE_DLQ_ATTRIBUTES.some((name) => attrs[name] !== undefined)) {
    return {
      by: 'eventbridge-error',
      errorCode: attrs.ERROR_CODE,
      errorMessage: attrs.ERROR_MESSAGE,
      ruleArn: attrs.RULE_ARN,
      targetArn: attrs.TARGET_ARN,
    };
  }
  const event = message.event as { source?: unknown; 'detail-type'?: unknown } | undefined;
  return {
    by: 'event-type',
    source: typeof event?.source === 'string' ? event.source : undefined,
    detailType: typeof event?.['detail-type'] === 'string' ? event['detail-type'] : undefined,
  };
}

export function describeGroupKey(key: GroupKey): string {
  if (key.by === 'eventbridge-error') {
    return [key.errorCode ?? '?', key.errorMessage, key.ruleArn && `rule ${key.ruleArn}`, key.targetArn && `target ${key.targetArn}`]
      .filter(Boolean)
      .join(' · ');
  }
  if (!key.source && !key.detailType) return '(not an EventBridge event)';
  return `${key.source ?? '?'} / ${key.detailType ?? '?'}`;
}

export interface MessageGroup {
  key: GroupKey;
  label: string;
  count: number;
  messageIds: string[];
}

/** Groups by EventBridge's DLQ error attributes, else by source / detail-type; largest first. */
export function groupMessages(messages: readonly InspectedMessage[]): MessageGroup[] {
  const groups = new Map<string, MessageGroup>();
  for (const message of messages) {
    const key = groupKeyOf(message);
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, label: describeGroupKey(key), count: 0, messageIds: [] };
    group.count += 1;
    group.messageIds.push(message.messageId);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export interface Validation {
  topic?: string;
  /** null: no topic or no schema to judge by. */
  valid: boolean | null;
  errors: string[];
}

export type EventValidator = (event: unknown) => Validation;
