import type { BatchResult, ReceivedMessage, SqsMessageReader, SqsWriter } from '../../aws/sqs.js';
import { FAILED_ENTRY_RETRY, failedEntryDelay, type FailedEntryRetry } from './failed-entry-retry.js';
import { matchesAll, type MessageFilter } from './filter.js';
import type { RedriveJournal } from './journal-file.js';
import { resumeWork, type JournalState, type JournaledMessage } from './journal-state.js';
import { stringAttributes, toJournaled, toOutgoing } from './messages.js';
import { unlimited, type RateLimiter } from './rate-limiter.js';

/**
 * The client-side redrive: works for every DLQ, EventBridge target DLQs included.
 *
 *   receive (long poll, ≤10, hidden for the visibility timeout)
 *   → journal `received` (fsync) → send (one SendMessageBatch in flight at a time)
 *   → journal `sent` ids (fsync) → delete exactly those → journal `deleted`.
 *
 * Receives and deletes run on `concurrency` workers; sends are serialised, so a crash can leave
 * at most one batch whose fate is unknown (the one batch it may duplicate). Per-entry failures
 * inside a 200 are retried with backoff and never deleted. A failed whole call is not retried
 * here: the SDK already did (the `long-work` retry profile of src/aws/clients.ts), so it stops
 * the move, and the journal lets the same command resume. Stops only after `emptyPolls`
 * consecutive empty long polls, and never before anything this run (or a crashed one) hid
 * could have become visible again.
 */
export type MoverSqs = Pick<SqsMessageReader, 'receiveMessages' | 'changeVisibility'> & Pick<SqsWriter, 'sendMessageBatch' | 'deleteMessageBatch'>;

export interface MoveProgress {
  moved: number;
  failed: number;
  skipped: number;
  /** Approximate: the DLQ depth at the start minus what moved; undefined when unknown. */
  remaining?: number;
}

export interface MoveOptions {
  dlqUrl: string;
  queueUrl: string;
  runId: string;
  fifo: boolean;
  filters?: readonly MessageFilter[];
  /** Copy: send, never delete from the DLQ (copies are put back visible at the end). */
  keep?: boolean;
  /** The most messages to move (a plan's cap), counting those moved before a resume. */
  cap?: number;
  concurrency?: number;
  waitTimeSeconds?: number;
  visibilityTimeoutSeconds: number;
  emptyPolls?: number;
  limiter?: RateLimiter;
  /** DLQ depth at the start, for `remaining`. */
  approximateTotal?: number;
  journal: RedriveJournal;
  /** The unfinished run found in the journal. */
  previous?: JournalState;
  /** Checked between steps; set by SIGINT, SIGTERM or SIGHUP. */
  signal: { readonly aborted: boolean };
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  /** Backoff for entries a batch call answered as Failed (partial batch failures). */
  failedEntryRetry?: Partial<FailedEntryRetry>;
  onProgress?: (progress: MoveProgress) => void;
  onWarning?: (message: string) => void;
}

export interface MoveFailure {
  messageId: string;
  code: string;
  message?: string;
}

export interface MoveResult {
  /** Sent to the queue in this run, including before a resume. */
  moved: number;
  /** Moved before this invocation (from the journal). */
  movedBefore: number;
  /** Messages that could not be sent (left in the DLQ). */
  failed: number;
  failures: MoveFailure[];
  /** Did not match the filter: put straight back. */
  skipped: number;
  /** Received again after being sent (stale visibility, a resume): deleted, not re-sent. */
  redundantReceives: number;
  /** Sent without the redrive marker (already 10 attributes). */
  unmarked: number;
  resumed?: { deleted: number; released: number };
  interrupted: boolean;
  capReached: boolean;
  batches: number;
}

interface Held {
  messageId: string;
  receiptHandle: string;
}

/** Hidden long enough for the batch's trip through the send queue, with margin. */
export function visibilityForBatch(options: { waitTimeSeconds: number; concurrency: number; ratePerSecond?: number }): number {
  const perBatchSeconds = options.ratePerSecond ? 10 / options.ratePerSecond : 1;
  return Math.min(43_200, Math.max(30, Math.ceil(options.concurrency * perBatchSeconds * 2 + options.waitTimeSeconds + 20)));
}

export async function moveMessages(sqs: MoverSqs, options: MoveOptions): Promise<MoveResult> {
  // FIFO: one receiver, so messages go out in the order they came in. With several, two workers
  // can hold batches of one message group (after a visibility expiry, or an emulator that does not
  // lock groups) and the serialised sends would interleave them out of order.
  const concurrency = options.fifo ? 1 : Math.max(1, options.concurrency ?? 4);
  const wait = Math.min(20, Math.max(0, options.waitTimeSeconds ?? 5));
  const emptyPolls = Math.max(1, options.emptyPolls ?? 3);
  const visibility = options.visibilityTimeoutSeconds;
  const filters = options.filters ?? [];
  const keep = options.keep ?? false;
  const limiter = options.limiter ?? unlimited();
  const { journal, clock, signal } = options;
  const entryRetry: FailedEntryRetry = { ...FAILED_ENTRY_RETRY, ...options.failedEntryRetry };
  const entryDelay = (attempt: number) => failedEntryDelay(attempt, entryRetry, options.random);

  const sentIds = new Set<string>();
  /** Received by a worker this run and not yet sent: a second receipt of one is ignored. */
  const pending = new Set<string>();
  const skippedIds = new Set<string>();
  const failedIds = new Set<string>();
  /**
   * Latest receipt of messages hidden until the scan ends: --keep copies, failed sends and
   * filter misses. Putting a miss back at once would not work: SQS (and moto, strictly) hands
   * the same front-of-queue messages out again, so the scan would never get past them.
   */
  const held = new Map<string, string>();
  const failures: MoveFailure[] = [];
  let batchNo = options.previous?.lastBatch ?? 0;
  let moved = 0;
  let redundantReceives = 0;
  let unmarked = 0;
  let skipped = 0;
  let reserved = 0;
  let capReached = false;
  /** Not before this time (ms) may the run end: something we hid may still come back. */
  let notBefore = 0;
  const result: MoveResult = {
    moved: 0, movedBefore: 0, failed: 0, failures, skipped: 0, redundantReceives: 0, unmarked: 0,
    interrupted: false, capReached: false, batches: 0,
  };
  const progress = () =>
    options.onProgress?.({
      moved,
      failed: failedIds.size,
      skipped,
      ...(options.approximateTotal !== undefined ? { remaining: Math.max(0, options.approximateTotal - (moved - result.movedBefore)) } : {}),
    });
  const hiddenUntil = (receivedAt: number) => receivedAt + visibility * 1000 + 1000;

  // ---- resume: finish what a crashed run left ------------------------------------------------
  if (options.previous) {
    const work = resumeWork(options.previous);
    for (const id of work.sentIds) sentIds.add(id);
    moved = work.moved;
    result.movedBefore = work.moved;
    let deleted = 0;
    let released = 0;
    if (!keep && work.toDelete.length > 0) {
      const ok = await deleteReceipts(work.toDelete.map((s) => ({ messageId: s.message.id, receiptHandle: s.receiptHandle })));
      deleted = ok.length;
      await journal.append({ t: 'deleted', b: 0, at: clock(), ids: ok });
    }
    if (work.toRelease.length > 0) {
      const entries = work.toRelease.map((s, i) => ({ id: `r${i}`, receiptHandle: s.receiptHandle, visibilityTimeoutSeconds: 0 }));
      const out = await sqs.changeVisibility(options.dlqUrl, entries).catch(() => ({ successful: [], failed: [] }) as BatchResult);
      const ids = out.successful.map((id) => work.toRelease[Number(id.slice(1))]!.message.id);
      released = ids.length;
      await journal.append({ t: 'released', b: 0, at: clock(), ids }, { sync: true });
    }
    // A crashed run may have hidden messages it never journaled: wait them out before stopping.
    if (!options.previous.cleanStop) {
      const previousVisibility = options.previous.run?.visibilityTimeoutSeconds ?? visibility;
      // The last record is at most ~1 s (the poll heartbeat) plus one long poll before the crash.
      notBefore = options.previous.lastAt + (previousVisibility + wait + 1) * 1000 + 1000;
    }
    result.resumed = { deleted, released };
    progress();
  }

  // ---- helpers -------------------------------------------------------------------------------
  async function deleteReceipts(items: readonly Held[]): Promise<string[]> {
    let todo = items.map((h, i) => ({ ...h, entry: `d${i}` }));
    const done: string[] = [];
    for (let attempt = 0; todo.length > 0 && attempt < entryRetry.attempts; attempt += 1) {
      if (attempt > 0) await options.sleep(entryDelay(attempt));
      let out: BatchResult;
      try {
        out = await sqs.deleteMessageBatch(options.dlqUrl, todo.map((t) => ({ id: t.entry, receiptHandle: t.receiptHandle })));
      } catch {
        // The SDK gave up on the call: the messages come back after their visibility and are deleted then.
        break;
      }
      const ok = new Set(out.successful);
      done.push(...todo.filter((t) => ok.has(t.entry)).map((t) => t.messageId));
      // A stale receipt will not get better: the message comes back and is deleted then.
      const retriable = new Set(out.failed.filter((f) => !f.senderFault && f.code !== 'ReceiptHandleIsInvalid').map((f) => f.id));
      todo = todo.filter((t) => retriable.has(t.entry));
    }
    return done;
  }

  async function release(items: readonly Held[]): Promise<string[]> {
    if (items.length === 0) return [];
    const entries = items.map((h, i) => ({ id: `v${i}`, receiptHandle: h.receiptHandle, visibilityTimeoutSeconds: 0 }));
    try {
      const out = await sqs.changeVisibility(options.dlqUrl, entries);
      return out.successful.map((id) => items[Number(id.slice(1))]!.messageId);
    } catch {
      return [];
    }
  }

  /** Sends `batch`, re-sending the entries SQS answered as Failed; returns what was sent and what failed for good. */
  async function send(batch: readonly JournaledMessage[], b: number): Promise<{ sent: JournaledMessage[]; failed: MoveFailure[] }> {
    let todo = [...batch];
    const sent: JournaledMessage[] = [];
    const failed: MoveFailure[] = [];
    for (let attempt = 0; todo.length > 0; attempt += 1) {
      if (attempt > 0) await options.sleep(entryDelay(attempt));
      const outgoing = todo.map((m, i) => {
        const { outgoing: o, marked } = toOutgoing(m, `e${i}`, options.runId, options.fifo);
        if (!marked && attempt === 0) unmarked += 1;
        return o;
      });
      const out = await sqs.sendMessageBatch(options.queueUrl, outgoing);
      const ok = out.successful.map((id) => todo[Number(id.slice(1))]!);
      if (ok.length > 0) {
        // Durable before any delete: after a crash these are deleted, never sent again.
        await journal.append({ t: 'sent', b, at: clock(), ids: ok.map((m) => m.id) }, { sync: true });
        sent.push(...ok);
        for (const m of ok) sentIds.add(m.id);
      }
      const retryIds = new Set<string>();
      for (const f of out.failed) {
        const m = todo[Number(f.id.slice(1))];
        if (!m) continue;
        if (f.senderFault || attempt + 1 >= entryRetry.attempts) failed.push({ messageId: m.id, code: f.code, ...(f.message ? { message: f.message } : {}) });
        else retryIds.add(f.id);
      }
      // Entries SQS neither accepted nor refused: retry them as well.
      const answered = new Set([...out.successful, ...out.failed.map((f) => f.id)]);
      todo.forEach((_, i) => {
        if (!answered.has(`e${i}`) && attempt + 1 < entryRetry.attempts) retryIds.add(`e${i}`);
      });
      todo = todo.filter((_, i) => retryIds.has(`e${i}`));
    }
    return { sent, failed };
  }

  // One send in flight at a time: the crash window is one batch.
  let sendChain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = sendChain.then(fn, fn);
    sendChain = run.catch(() => undefined);
    return run;
  };

  // ---- the loop ------------------------------------------------------------------------------
  let emptyStreak = 0;
  let lastHeartbeat = 0;
  let active = concurrency;
  let fatal: unknown;

  const worker = async () => {
    try {
      for (;;) {
        if (signal.aborted || fatal) return;
        let want = 10;
        if (options.cap !== undefined) {
          want = Math.min(10, options.cap - moved - reserved);
          if (want <= 0) {
            capReached = true;
            return;
          }
        }
        reserved += want;
        let received: ReceivedMessage[];
        const receivedAt = clock();
        if (receivedAt - lastHeartbeat >= 1000) {
          lastHeartbeat = receivedAt;
          await journal.append({ t: 'poll', at: receivedAt });
        }
        try {
          received = await sqs.receiveMessages(options.dlqUrl, { maxMessages: want, waitTimeSeconds: wait, visibilityTimeoutSeconds: visibility });
        } catch (error) {
          reserved -= want;
          throw error;
        }

        // Classify. Only messages never seen in this run count as "something new".
        const batch: JournaledMessage[] = [];
        const redundant: Held[] = [];
        let fresh = 0;
        const unique = new Map(received.map((m) => [m.messageId, m]));
        for (const m of unique.values()) {
          const h = { messageId: m.messageId, receiptHandle: m.receiptHandle };
          if (sentIds.has(m.messageId)) {
            redundantReceives += 1;
            if (keep) held.set(m.messageId, m.receiptHandle);
            else redundant.push(h);
          } else if (pending.has(m.messageId)) {
            // Another worker holds an older receipt (its visibility ran out): let that one finish.
            notBefore = Math.max(notBefore, hiddenUntil(receivedAt));
          } else if (failedIds.has(m.messageId) || skippedIds.has(m.messageId)) {
            held.set(m.messageId, m.receiptHandle);
          } else {
            const journaled = toJournaled(m);
            if (!matchesAll({ body: journaled.body, messageAttributes: stringAttributes(journaled) }, filters)) {
              if (!skippedIds.has(m.messageId)) {
                skippedIds.add(m.messageId);
                skipped += 1;
                fresh += 1;
              }
              held.set(m.messageId, m.receiptHandle);
            } else {
              fresh += 1;
              pending.add(m.messageId);
              batch.push(journaled);
            }
          }
        }

        if (redundant.length > 0) {
          const ids = await deleteReceipts(redundant);
          if (ids.length < redundant.length) notBefore = Math.max(notBefore, hiddenUntil(receivedAt));
          if (ids.length > 0) await journal.append({ t: 'deleted', b: 0, at: clock(), ids });
        }

        if (fresh === 0) {
          reserved -= want;
          if (active > 1) {
            // The queue looks drained: extra workers retire; the last one confirms with its own polls.
            active -= 1;
            return;
          }
          emptyStreak += 1;
          if (emptyStreak >= emptyPolls && clock() >= notBefore) return;
          // Nothing to wait on in a long poll (wait 0, or only skipped/held messages): pace the polls.
          if (wait === 0 || received.length > 0) await options.sleep(Math.min(1000, Math.max(100, (notBefore - clock()) / 4)));
          continue;
        }
        emptyStreak = 0;
        // Keep the cap reservation for what is about to be sent, until it is counted as moved.
        reserved -= want - batch.length;
        if (batch.length === 0) continue;

        batchNo += 1;
        const b = batchNo;
        result.batches += 1;
        // Durable before the send: after a crash, the run knows what it had in hand.
        await journal.append({ t: 'received', b, at: receivedAt, m: batch }, { sync: true });

        const outcome = await exclusive(async () => {
          if (signal.aborted || fatal) return undefined;
          await limiter.take(batch.length);
          if (signal.aborted || fatal) return undefined;
          return send(batch, b);
        }).catch(async (error: unknown) => {
          fatal ??= error;
          return undefined;
        });
        reserved -= batch.length;
        if (!outcome) {
          // Interrupted (or failed) before sending: put the batch back now.
          const ids = await release(batch.map((m) => ({ messageId: m.id, receiptHandle: m.rh })));
          await journal.append({ t: 'released', b, at: clock(), ids }, { sync: true });
          for (const m of batch) pending.delete(m.id);
          return;
        }
        moved += outcome.sent.length;
        for (const f of outcome.failed) {
          failedIds.add(f.messageId);
          failures.push(f);
          // Kept hidden (not released) so the loop does not spin on it; put back at the end.
          const m = batch.find((x) => x.id === f.messageId);
          if (m) held.set(m.id, m.rh);
        }
        for (const m of batch) pending.delete(m.id);
        if (keep) {
          for (const m of outcome.sent) held.set(m.id, m.rh);
        } else if (outcome.sent.length > 0) {
          const ids = await deleteReceipts(outcome.sent.map((m) => ({ messageId: m.id, receiptHandle: m.rh })));
          if (ids.length > 0) await journal.append({ t: 'deleted', b, at: clock(), ids });
          if (ids.length < outcome.sent.length) notBefore = Math.max(notBefore, hiddenUntil(receivedAt));
        }
        progress();
      }
    } catch (error) {
      fatal ??= error;
    }
  };

  await Promise.all(Array.from({ length: concurrency }, () => worker()));

  // ---- wrap up: put back what we still hide --------------------------------------------------
  if (held.size > 0) {
    const items = [...held].map(([messageId, receiptHandle]) => ({ messageId, receiptHandle }));
    const released = await release(items);
    if (released.length < items.length) {
      options.onWarning?.(`${items.length - released.length} message(s) could not be made visible again; they reappear after the ${visibility}s visibility timeout`);
    }
  }
  result.moved = moved;
  result.failed = failedIds.size;
  result.skipped = skipped;
  result.redundantReceives = redundantReceives;
  result.unmarked = unmarked;
  result.capReached = capReached;
  result.interrupted = signal.aborted;
  progress();
  if (fatal) throw fatal;
  if (signal.aborted) await journal.append({ t: 'interrupted', at: clock() }, { sync: true });
  else await journal.append({ t: 'done', at: clock(), moved, failed: failedIds.size }, { sync: true });
  return result;
}
