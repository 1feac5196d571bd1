import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../../src/errors.js';
import { parseFilter } from '../../../src/ops/redrive/filter.js';
import { foldJournal } from '../../../src/ops/redrive/journal-state.js';
import { REDRIVE_ATTRIBUTE } from '../../../src/ops/redrive/messages.js';
import { moveMessages, type MoveOptions } from '../../../src/ops/redrive/mover.js';
import { deliveringMoverPort } from '../../../src/ops/redrive/target-delivery.js';
import { tokenBucket } from '../../../src/ops/redrive/rate-limiter.js';
import { FakeSqs, MemoryJournal } from './fake-sqs.js';

const DLQ = 'https://sqs.eu-west-1.amazonaws.com/123456789012/billing-charge-dlq';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/billing-charge';

function setup(n: number, extra: (i: number) => Partial<Parameters<FakeSqs['put']>[2]> = () => ({})) {
  const sqs = new FakeSqs();
  for (let i = 0; i < n; i += 1) sqs.put(DLQ, `body-${String(i).padStart(4, '0')}`, extra(i));
  const journal = new MemoryJournal();
  journal.records.push({ t: 'run', v: 1, runId: 'run-1', consumer: 'billing-charge', dlqUrl: DLQ, queueUrl: QUEUE, filters: [], keep: false, visibilityTimeoutSeconds: 30, at: sqs.now });
  const options = (over: Partial<MoveOptions> = {}): MoveOptions => ({
    dlqUrl: DLQ,
    queueUrl: QUEUE,
    runId: 'run-1',
    fifo: false,
    visibilityTimeoutSeconds: 30,
    waitTimeSeconds: 1,
    emptyPolls: 3,
    journal,
    signal: { aborted: false },
    clock: sqs.clock,
    sleep: sqs.sleep,
    random: () => 0.5,
    ...over,
  });
  const originals = sqs.bodies(DLQ);
  return { sqs, journal, options, originals };
}

const allBodies = (sqs: FakeSqs) => [...sqs.bodies(DLQ), ...sqs.bodies(QUEUE)].sort();

describe('moveMessages (client-side redrive)', () => {
  it('moves 200 messages in 20 full batches: exactly 20 sends, 20 deletes, and 26 receives (0.33 calls per message)', async () => {
    const { sqs, journal, options, originals } = setup(200);
    const result = await moveMessages(sqs, options({ concurrency: 4 }));
    expect(result).toMatchObject({ moved: 200, failed: 0, interrupted: false });
    expect(sqs.bodies(QUEUE)).toEqual(originals);
    expect(sqs.bodies(DLQ)).toEqual([]);
    // Time is virtual here, so the call counts for this layout are exact: 20 receives of 10, then
    // the empty long polls of the 4 receivers that confirm the queue is empty. (The ratio on a real
    // queue is a benchmark: npm run bench:redrive.)
    expect(sqs.calls).toEqual({ ReceiveMessage: 26, SendMessageBatch: 20, DeleteMessageBatch: 20 });
    expect(journal.records.at(-1)).toMatchObject({ t: 'done', moved: 200 });
  });

  it('preserves body, attributes and FIFO group/dedup ids, and marks each message', async () => {
    const { sqs, options } = setup(3, (i) => ({
      attrs: { ERROR_CODE: { DataType: 'String', StringValue: 'THROTTLING' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from([i, 255]) } },
      group: `g${i % 2}`,
      dedup: `d${i}`,
    }));
    await moveMessages(sqs, options({ fifo: true }));
    const moved = sqs.queue(QUEUE).sort((a, b) => a.body.localeCompare(b.body));
    expect(moved.map((m) => [m.group, m.dedup])).toEqual([['g0', 'd0'], ['g1', 'd1'], ['g0', 'd2']]);
    expect(moved[0]!.attrs.ERROR_CODE).toEqual({ DataType: 'String', StringValue: 'THROTTLING' });
    expect(Buffer.from(moved[2]!.attrs.blob!.BinaryValue!)).toEqual(Buffer.from([2, 255]));
    expect(moved[0]!.attrs[REDRIVE_ATTRIBUTE]!.StringValue).toMatch(/^run-1\/m-\d+$/);
  });

  it('FIFO uses one receiver, so each message group goes out in the order it came in', async () => {
    const { sqs, options } = setup(60, (i) => ({ group: `g${i % 4}`, dedup: `d${i}` }));
    let inFlight = 0;
    let most = 0;
    const receive = sqs.receiveMessages.bind(sqs);
    sqs.receiveMessages = async (...args) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await receive(...args);
      } finally {
        inFlight -= 1;
      }
    };
    const result = await moveMessages(sqs, options({ fifo: true, concurrency: 4 }));
    expect(result.moved).toBe(60);
    expect(most).toBe(1);
    const order = sqs.queue(QUEUE).map((m) => m.body);
    for (const group of ['g0', 'g1', 'g2', 'g3']) {
      const bodies = sqs.queue(QUEUE).filter((m) => m.group === group).map((m) => m.body);
      expect(bodies).toEqual([...bodies].sort());
    }
    expect(order).toHaveLength(60);
  });

  it('retries entries that failed inside a 200 and deletes only what was sent', async () => {
    const { sqs, options, originals } = setup(30);
    // Every third message fails twice (throttled per entry), then goes through.
    sqs.failSend = (body, attempt) => (Number(body.slice(5)) % 3 === 0 && attempt <= 2 ? { code: 'InternalError', senderFault: false } : undefined);
    const result = await moveMessages(sqs, options());
    expect(result.moved).toBe(30);
    expect(sqs.bodies(QUEUE)).toEqual(originals);
    expect(sqs.bodies(DLQ)).toEqual([]);
  });

  it('leaves permanently failed messages in the DLQ, visible, and reports them', async () => {
    const { sqs, options, originals } = setup(12);
    sqs.failSend = (body) => (body === 'body-0004' ? { code: 'InvalidParameterValue', senderFault: true } : undefined);
    const result = await moveMessages(sqs, options());
    expect(result.moved).toBe(11);
    expect(result.failures).toEqual([expect.objectContaining({ code: 'InvalidParameterValue' })]);
    expect(sqs.bodies(DLQ)).toEqual(['body-0004']);
    expect(sqs.queue(DLQ)[0]!.visibleAt).toBeLessThanOrEqual(sqs.now);
    expect(allBodies(sqs)).toEqual(originals);
  });

  it('re-sends an entry that keeps failing inside a 200 only up to its bound, then reports it and leaves it in the DLQ', async () => {
    const { sqs, options, originals } = setup(10);
    const tries: number[] = [];
    sqs.failSend = (body, attempt) => (body === 'body-0003' ? (tries.push(attempt), { code: 'InternalError', senderFault: false }) : undefined);
    const result = await moveMessages(sqs, options({ failedEntryRetry: { attempts: 3 } }));
    expect(tries).toHaveLength(3);
    expect(result.moved).toBe(9);
    expect(result.failures).toEqual([expect.objectContaining({ messageId: expect.any(String), code: 'InternalError' })]);
    expect(sqs.bodies(DLQ)).toEqual(['body-0003']);
    expect(allBodies(sqs)).toEqual(originals);
  });

  it('never retries a whole call the SDK gave up on: the move stops at the first failed send, losing nothing', async () => {
    // The port's calls carry the SDK's retry policy (src/aws/clients.ts); a second loop here
    // would multiply its attempts (7 s to fail on a dead endpoint, against 1 s for dlq inspect).
    const { sqs, options, originals } = setup(20);
    sqs.throwOn = (op) => op === 'SendMessageBatch';
    await expect(moveMessages(sqs, options({ concurrency: 1 }))).rejects.toThrow(/injected SendMessageBatch/);
    expect(sqs.calls.SendMessageBatch).toBe(1);
    expect(sqs.bodies(DLQ)).toEqual(originals);
    expect(sqs.queue(DLQ).every((m) => m.visibleAt <= sqs.now)).toBe(true);
  });

  it('a delivery to a push target that failed after the SDK\'s retries is tried once, reported and left in the DLQ', async () => {
    const { sqs, options, originals } = setup(10);
    const tries = new Map<string, number>();
    const port = deliveringMoverPort(sqs, async (body) => {
      tries.set(body, (tries.get(body) ?? 0) + 1);
      if (body === 'body-0002') throw Object.assign(new Error('Service unavailable'), { name: 'ServiceException', $metadata: { httpStatusCode: 503, attempts: 8 } });
      return {};
    });
    const result = await moveMessages(port, options({ concurrency: 1 }));
    expect(tries.get('body-0002')).toBe(1);
    expect(result).toMatchObject({ moved: 9, failed: 1, failures: [expect.objectContaining({ code: 'ServiceException' })] });
    expect(sqs.bodies(DLQ)).toEqual(['body-0002']);
    expect([...tries.keys()].sort()).toEqual(originals);
  });

  it('a failed receive stops the move at once (one call per worker), and a failed delete is left for the message to come back', async () => {
    const receiving = setup(5);
    receiving.sqs.throwOn = (op) => op === 'ReceiveMessage';
    await expect(moveMessages(receiving.sqs, receiving.options({ concurrency: 2 }))).rejects.toThrow(/injected ReceiveMessage/);
    expect(receiving.sqs.calls.ReceiveMessage).toBe(2);

    const deleting = setup(10);
    let failedDeletes = 0;
    deleting.sqs.throwOn = (op) => op === 'DeleteMessageBatch' && (failedDeletes += 1) === 1;
    const result = await moveMessages(deleting.sqs, deleting.options({ concurrency: 1 }));
    // The batch whose delete failed comes back after its visibility and is deleted then, not re-sent.
    expect(result).toMatchObject({ moved: 10, redundantReceives: 10 });
    expect(deleting.sqs.bodies(QUEUE)).toEqual(deleting.originals);
    expect(deleting.sqs.bodies(DLQ)).toEqual([]);
  });

  it('does not stop on empty short-poll answers: only after several consecutive empty long polls', async () => {
    const { sqs, options } = setup(5);
    sqs.emptyReceives = 2;
    const result = await moveMessages(sqs, options({ emptyPolls: 3, concurrency: 1 }));
    expect(result.moved).toBe(5);
    // 2 empty + 1 with messages + 3 empty to stop.
    expect(sqs.calls.ReceiveMessage).toBe(6);
  });

  it('moves only messages matching --filter and puts the rest back when the scan ends', async () => {
    const { sqs, options } = setup(0);
    for (let i = 0; i < 20; i += 1) {
      sqs.put(DLQ, JSON.stringify({ 'detail-type': i % 4 === 0 ? 'OrderPlaced' : 'OrderCancelled', detail: { n: i } }));
    }
    const result = await moveMessages(sqs, options({ filters: [parseFilter('detail-type=OrderPlaced')] }));
    expect(result.moved).toBe(5);
    expect(result.skipped).toBe(15);
    expect(sqs.queue(DLQ)).toHaveLength(15);
    expect(sqs.queue(DLQ).every((m) => m.visibleAt <= sqs.now)).toBe(true);
  });

  it('--keep copies without deleting, and leaves the DLQ visible', async () => {
    const { sqs, options, originals } = setup(25);
    const result = await moveMessages(sqs, options({ keep: true }));
    expect(result.moved).toBe(25);
    expect(sqs.bodies(QUEUE)).toEqual(originals);
    expect(sqs.bodies(DLQ)).toEqual(originals);
    expect(sqs.queue(DLQ).every((m) => m.visibleAt <= sqs.now)).toBe(true);
    expect(sqs.calls.DeleteMessageBatch ?? 0).toBe(0);
  });

  it('stops at the cap', async () => {
    const { sqs, options } = setup(40);
    const result = await moveMessages(sqs, options({ cap: 23, concurrency: 3 }));
    expect(result).toMatchObject({ moved: 23, capReached: true });
    expect(sqs.queue(DLQ)).toHaveLength(17);
  });

  it('paces sends with --rate', async () => {
    const { sqs, options } = setup(100);
    const start = sqs.now;
    await moveMessages(sqs, options({ limiter: tokenBucket(50, sqs.clock, sqs.sleep), emptyPolls: 1, waitTimeSeconds: 0 }));
    // 100 messages at 50/s with a 10-message initial allowance: at least ~1.8 s of virtual time.
    expect(sqs.now - start).toBeGreaterThanOrEqual(1_800);
  });

  it('on interrupt stops receiving, finishes the batch in flight and puts the rest back', async () => {
    const { sqs, journal, options, originals } = setup(100);
    const signal = { aborted: false };
    let sends = 0;
    const send = sqs.sendMessageBatch.bind(sqs);
    sqs.sendMessageBatch = async (url, messages) => {
      sends += 1;
      if (sends === 3) signal.aborted = true;
      return send(url, messages);
    };
    const result = await moveMessages(sqs, options({ signal, concurrency: 4 }));
    expect(result.interrupted).toBe(true);
    expect(result.moved).toBe(30);
    expect(allBodies(sqs)).toEqual(originals);
    expect(sqs.queue(DLQ).every((m) => m.visibleAt <= sqs.now)).toBe(true);
    expect(journal.records.at(-1)).toMatchObject({ t: 'interrupted' });
  });
});

describe('resume after a crash', () => {
  async function crashAt(n: number, afterWrite: boolean, predicate: (r: { t: string }, seen: number) => boolean) {
    const { sqs, journal, options, originals } = setup(n);
    let seen = 0;
    journal.crashAfterWrite = afterWrite;
    journal.crashOn = (r) => predicate(r, (seen += r.t === 'sent' ? 1 : 0));
    journal.onCrash = () => sqs.freeze();
    void moveMessages(sqs, options({ concurrency: 3 }));
    for (let i = 0; i < 200 && !journal.dead; i += 1) await new Promise((r) => setImmediate(r));
    expect(journal.dead).toBe(true);
    sqs.frozen = false;
    return { sqs, journal, options, originals };
  }

  it('deletes what was already sent instead of sending it again, and continues', async () => {
    // Dies right after journaling the 3rd `sent`, before deleting that batch.
    const { sqs, journal, options, originals } = await crashAt(100, true, (r, sent) => r.t === 'sent' && sent === 3);
    const previous = foldJournal(journal.records);
    const resumed = new MemoryJournal();
    const result = await moveMessages(sqs, { ...options(), journal: resumed, previous, runId: previous.run?.runId ?? 'run-1' });
    expect(result.movedBefore).toBe(30);
    expect(result.resumed!.deleted).toBeGreaterThanOrEqual(10);
    expect(sqs.bodies(QUEUE)).toEqual(originals); // no duplicate, nothing lost
    expect(sqs.bodies(DLQ)).toEqual([]);
  });

  it('a crash during a send duplicates at most that one batch', async () => {
    // Dies before the 4th `sent` is journaled: that batch reached the queue, the journal does not know.
    const { sqs, journal, options, originals } = await crashAt(100, false, (r, sent) => r.t === 'sent' && sent === 4);
    const previous = foldJournal(journal.records);
    const result = await moveMessages(sqs, { ...options(), journal: new MemoryJournal(), previous });
    expect(result.resumed!.released).toBeGreaterThan(0);
    const queue = sqs.bodies(QUEUE);
    expect([...new Set(queue)]).toEqual(originals);
    expect(queue.length - originals.length).toBeLessThanOrEqual(10);
    expect(sqs.bodies(DLQ)).toEqual([]);
  });

  it('waits out messages a crashed run hid without journaling them', async () => {
    const { sqs, journal, options, originals } = await crashAt(50, false, (r) => r.t === 'received');
    // The first batch was received (hidden for 30 s) but never journaled.
    const previous = foldJournal(journal.records);
    expect(previous.messages.size).toBe(0);
    const result = await moveMessages(sqs, { ...options(), journal: new MemoryJournal(), previous });
    expect(result.moved).toBe(50);
    expect(sqs.bodies(QUEUE)).toEqual(originals);
  });
});

describe('error classification', () => {
  it('does not retry access errors', async () => {
    const { sqs, options } = setup(5);
    sqs.receiveMessages = async () => {
      sqs.calls.ReceiveMessage = (sqs.calls.ReceiveMessage ?? 0) + 1;
      throw new RemoteError('access denied', { cause: Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }) });
    };
    await expect(moveMessages(sqs, options())).rejects.toThrow(/access denied/);
    expect(sqs.calls.ReceiveMessage).toBe(4); // one per worker, no retries
  });
});
