import { describe, expect, it } from 'vitest';
import type { QueueAttributes, ReceivedMessage, SqsMessageReader, SqsReader } from '../../../src/aws/sqs.js';
import { RefusedError, RemoteError } from '../../../src/errors.js';
import { groupMessages, scanDlq, visibilityForScan } from '../../../src/ops/dlq-inspect.js';

/** An in-memory queue with SQS's visibility semantics, enough for the scan. */
function fakeQueue(count: number, extra: Partial<QueueAttributes> = {}, failOnReceive?: number) {
  const messages = Array.from({ length: count }, (_, i) => ({ id: `id-${i}`, hidden: false, receives: 0 }));
  let receiveCalls = 0;
  let handle = 0;
  const handles = new Map<string, string>();
  const port: SqsReader & SqsMessageReader = {
    getQueueUrl: async (name) => `http://q/${name}`,
    findQueueUrl: async (name) => `http://q/${name}`,
    listQueueUrls: async () => new Map(),
    getQueueAttributes: async () => ({ visible: messages.filter((m) => !m.hidden).length, inFlight: 0, delayed: 0, fifo: false, raw: {}, ...extra }),
    receiveMessages: async (_url, options) => {
      receiveCalls += 1;
      if (failOnReceive !== undefined && receiveCalls === failOnReceive) throw new RemoteError('connection reset');
      const out: ReceivedMessage[] = [];
      for (const m of messages) {
        if (out.length >= (options?.maxMessages ?? 10)) break;
        if (m.hidden) continue;
        m.hidden = true;
        m.receives += 1;
        const h = `h${(handle += 1)}`;
        handles.set(h, m.id);
        out.push({ messageId: m.id, receiptHandle: h, body: JSON.stringify({ source: 's', 'detail-type': 'd' }), attributes: { ApproximateReceiveCount: String(m.receives) }, messageAttributes: {}, rawMessageAttributes: {} });
      }
      return out;
    },
    changeVisibility: async (_url, entries) => {
      for (const e of entries) {
        const m = messages.find((x) => x.id === handles.get(e.receiptHandle));
        if (m && e.visibilityTimeoutSeconds === 0) m.hidden = false;
      }
      return { successful: entries.map((e) => e.id), failed: [] };
    },
  };
  return { port, messages, receiveCalls: () => receiveCalls };
}

describe('scanDlq', () => {
  it('reads every message once and releases them all', async () => {
    const q = fakeQueue(25);
    const scan = await scanDlq(q.port, 'dlq', { waitTimeSeconds: 1 });
    expect(scan.messages).toHaveLength(25);
    expect(scan.released).toBe(25);
    expect(q.messages.every((m) => !m.hidden)).toBe(true);
    expect(groupMessages(scan.messages)).toEqual([{ key: { by: 'event-type', source: 's', detailType: 'd' }, label: 's / d', count: 25, messageIds: expect.any(Array) }]);
  });

  it('releases what it read when a receive fails midway', async () => {
    const q = fakeQueue(30, {}, 2);
    await expect(scanDlq(q.port, 'dlq')).rejects.toBeInstanceOf(RemoteError);
    expect(q.messages.filter((m) => m.receives > 0)).toHaveLength(10);
    expect(q.messages.every((m) => !m.hidden)).toBe(true);
  });

  it('stops between receives when aborted, and still releases', async () => {
    const q = fakeQueue(30);
    const signal = { aborted: false };
    const scan = await scanDlq(q.port, 'dlq', { signal, onProgress: () => void (signal.aborted = true) });
    expect(scan.interrupted).toBe(true);
    expect(scan.messages).toHaveLength(10);
    expect(q.messages.every((m) => !m.hidden)).toBe(true);
  });

  it('refuses a DLQ that redrives onwards unless forced, and reads nothing', async () => {
    const q = fakeQueue(3, { redrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:r:1:quarantine', maxReceiveCount: 2 } });
    await expect(scanDlq(q.port, 'dlq')).rejects.toBeInstanceOf(RefusedError);
    expect(q.receiveCalls()).toBe(0);
    const warnings: string[] = [];
    await scanDlq(q.port, 'dlq', { force: true, onWarning: (w) => warnings.push(w) });
    expect(warnings[0]).toMatch(/quarantine/);
  });

  it('warns for FIFO queues', async () => {
    const warnings: string[] = [];
    await scanDlq(fakeQueue(1, { fifo: true }).port, 'dlq.fifo', { onWarning: (w) => warnings.push(w) });
    expect(warnings.join()).toMatch(/FIFO/);
  });

  it('sizes the visibility timeout to the scan, within SQS limits', () => {
    expect(visibilityForScan(10, 2)).toBe(30 + 3 * 4);
    expect(visibilityForScan(1000, 20)).toBe(102 * 22 + 30);
    expect(visibilityForScan(10 ** 7, 20)).toBe(43_200);
  });
});
