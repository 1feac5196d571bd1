import type { BatchResult, OutgoingMessage, ReceivedMessage } from '../../../src/aws/sqs.js';
import type { RedriveJournal } from '../../../src/ops/redrive/journal-file.js';
import type { JournalRecord } from '../../../src/ops/redrive/journal-state.js';
import type { MoverSqs } from '../../../src/ops/redrive/mover.js';

/**
 * An in-memory SQS with visibility timeouts, receipt handles (any handle a message ever had
 * deletes it, as in moto), FIFO attributes and hooks for per-entry and whole-call failures.
 * Time is virtual: a long poll on an empty queue advances the clock by the wait.
 */
export interface FakeMessage {
  id: string;
  body: string;
  attrs: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>;
  group?: string;
  dedup?: string;
  visibleAt: number;
  handles: string[];
}

export class FakeSqs implements MoverSqs {
  now = 1_000_000;
  queues = new Map<string, FakeMessage[]>();
  calls: Record<string, number> = {};
  private seq = 0;
  /** Return this many empty receives first (a short poll that sampled empty servers). */
  emptyReceives = 0;
  /** Per send entry: return a failure code to fail it this time. */
  failSend?: (body: string, attempt: number) => { code: string; senderFault: boolean } | undefined;
  /** Throw on a whole call (by operation), return true to throw. */
  throwOn?: (operation: string) => boolean;
  private sendAttempts = new Map<string, number>();

  clock = () => this.now;
  sleep = async (ms: number) => {
    this.now += ms;
    await Promise.resolve();
  };

  queue(url: string): FakeMessage[] {
    let q = this.queues.get(url);
    if (!q) this.queues.set(url, (q = []));
    return q;
  }

  put(url: string, body: string, extra: Partial<FakeMessage> = {}): FakeMessage {
    const m: FakeMessage = { id: `m-${(this.seq += 1)}`, body, attrs: {}, visibleAt: 0, handles: [], ...extra };
    this.queue(url).push(m);
    return m;
  }

  bodies(url: string): string[] {
    return this.queue(url).map((m) => m.body).sort();
  }

  /** After freeze() every call hangs forever: the process "died" mid-flight. */
  frozen = false;
  freeze() {
    this.frozen = true;
  }

  private async count(op: string) {
    if (this.frozen) await new Promise(() => undefined);
    this.calls[op] = (this.calls[op] ?? 0) + 1;
    if (this.throwOn?.(op)) {
      throw Object.assign(new Error(`injected ${op} failure`), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    }
  }

  async receiveMessages(url: string, options: { maxMessages?: number; waitTimeSeconds?: number; visibilityTimeoutSeconds?: number } = {}): Promise<ReceivedMessage[]> {
    await this.count('ReceiveMessage');
    if (this.emptyReceives > 0) {
      this.emptyReceives -= 1;
      return [];
    }
    const visible = this.queue(url).filter((m) => m.visibleAt <= this.now);
    const taken: FakeMessage[] = [];
    const blockedGroups = new Set(this.queue(url).filter((m) => m.visibleAt > this.now && m.group).map((m) => m.group));
    for (const m of visible) {
      if (taken.length >= (options.maxMessages ?? 10)) break;
      if (m.group && blockedGroups.has(m.group) && !taken.some((t) => t.group === m.group)) continue;
      taken.push(m);
    }
    if (taken.length === 0) {
      this.now += (options.waitTimeSeconds ?? 0) * 1000;
      return [];
    }
    return taken.map((m) => {
      const rh = `rh-${m.id}-${(this.seq += 1)}`;
      m.handles.push(rh);
      m.visibleAt = this.now + (options.visibilityTimeoutSeconds ?? 30) * 1000;
      return {
        messageId: m.id,
        receiptHandle: rh,
        body: m.body,
        attributes: { ...(m.group ? { MessageGroupId: m.group } : {}), ...(m.dedup ? { MessageDeduplicationId: m.dedup } : {}) },
        messageAttributes: Object.fromEntries(Object.entries(m.attrs).map(([k, v]) => [k, v.StringValue ?? ''])),
        rawMessageAttributes: { ...m.attrs },
      };
    });
  }

  async changeVisibility(url: string, entries: ReadonlyArray<{ id: string; receiptHandle: string; visibilityTimeoutSeconds: number }>): Promise<BatchResult> {
    await this.count('ChangeMessageVisibility');
    const result: BatchResult = { successful: [], failed: [] };
    for (const e of entries) {
      const m = this.queue(url).find((x) => x.handles.includes(e.receiptHandle));
      if (!m) result.failed.push({ id: e.id, code: 'ReceiptHandleIsInvalid', senderFault: true });
      else {
        m.visibleAt = this.now + e.visibilityTimeoutSeconds * 1000;
        result.successful.push(e.id);
      }
    }
    return result;
  }

  async sendMessageBatch(url: string, messages: readonly OutgoingMessage[]): Promise<BatchResult> {
    await this.count('SendMessageBatch');
    if (messages.length > 10) throw new Error('more than 10 entries');
    const result: BatchResult = { successful: [], failed: [] };
    for (const o of messages) {
      const attempt = (this.sendAttempts.get(o.body) ?? 0) + 1;
      this.sendAttempts.set(o.body, attempt);
      const failure = this.failSend?.(o.body, attempt);
      if (failure) {
        result.failed.push({ id: o.id, ...failure });
        continue;
      }
      this.put(url, o.body, {
        attrs: (o.messageAttributes ?? {}) as FakeMessage['attrs'],
        ...(o.messageGroupId ? { group: o.messageGroupId } : {}),
        ...(o.messageDeduplicationId ? { dedup: o.messageDeduplicationId } : {}),
      });
      result.successful.push(o.id);
    }
    return result;
  }

  async deleteMessageBatch(url: string, entries: ReadonlyArray<{ id: string; receiptHandle: string }>): Promise<BatchResult> {
    await this.count('DeleteMessageBatch');
    const result: BatchResult = { successful: [], failed: [] };
    const q = this.queue(url);
    for (const e of entries) {
      const index = q.findIndex((m) => m.handles.includes(e.receiptHandle));
      if (index < 0) result.failed.push({ id: e.id, code: 'ReceiptHandleIsInvalid', senderFault: true });
      else {
        q.splice(index, 1);
        result.successful.push(e.id);
      }
    }
    return result;
  }
}

export class MemoryJournal implements RedriveJournal {
  readonly file = 'memory';
  records: JournalRecord[] = [];
  syncs = 0;
  closed = false;
  /** Hang forever (the process died) once this returns true for a record (written first if `afterWrite`). */
  crashOn?: (record: JournalRecord) => boolean;
  crashAfterWrite = false;
  dead = false;
  onCrash?: () => void;
  async append(record: JournalRecord, options: { sync?: boolean } = {}): Promise<void> {
    if (this.dead) await new Promise(() => undefined);
    if (this.crashOn?.(record)) {
      if (this.crashAfterWrite) this.records.push(structuredClone(record));
      this.dead = true;
      this.onCrash?.();
      await new Promise(() => undefined);
    }
    this.records.push(structuredClone(record));
    if (options.sync) this.syncs += 1;
  }
  async archive(): Promise<string> {
    return 'memory.done';
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
