/**
 * The redrive journal's records and the pure state machine over them. A message goes
 * received → sent → deleted (or received → released when it is put back unsent). `sent` is
 * sticky: once a message id was sent it is never sent again in this run, only deleted.
 * The journal is what makes a crash cost at most the one batch whose send was in flight.
 */
export const REDRIVE_JOURNAL_VERSION = 1;

/** A message attribute as journaled (binary values as base64). */
export interface JournaledAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface JournaledMessage {
  /** SQS MessageId in the DLQ. */
  id: string;
  /** Receipt handle of the receive that journaled it. */
  rh: string;
  body: string;
  attrs?: Record<string, JournaledAttribute>;
  /** FIFO MessageGroupId / MessageDeduplicationId. */
  g?: string;
  d?: string;
}

export interface RunRecord {
  t: 'run';
  v: typeof REDRIVE_JOURNAL_VERSION;
  runId: string;
  consumer: string;
  dlqUrl: string;
  queueUrl: string;
  planId?: string;
  filters: string[];
  keep: boolean;
  visibilityTimeoutSeconds: number;
  at: number;
}

export type JournalRecord =
  | RunRecord
  | { t: 'received'; b: number; at: number; m: JournaledMessage[] }
  | { t: 'sent'; b: number; at: number; ids: string[] }
  | { t: 'deleted'; b: number; at: number; ids: string[] }
  | { t: 'released'; b: number; at: number; ids: string[] }
  /** Heartbeat before a receive (at most ~1/s, not synced): bounds what a crash may have hidden. */
  | { t: 'poll'; at: number }
  /** A clean stop (Ctrl-C): everything unsent was put back, nothing is hidden by us. */
  | { t: 'interrupted'; at: number }
  | { t: 'done'; at: number; moved: number; failed: number };

export type MessageStatus = 'received' | 'sent' | 'deleted' | 'released';

export interface MessageState {
  status: MessageStatus;
  /** Ever sent (survives a later release of a kept copy, a re-receive, …). */
  sent: boolean;
  receiptHandle: string;
  message: JournaledMessage;
  batch: number;
}

export interface JournalState {
  run?: RunRecord;
  messages: Map<string, MessageState>;
  /** Highest batch number used (new batches continue after it). */
  lastBatch: number;
  /** Time of the last record (ms), for "what might still be hidden" after a crash. */
  lastAt: number;
  done: boolean;
  /** The last run ended with a clean interrupt record (nothing left hidden). */
  cleanStop: boolean;
}

export function emptyJournalState(): JournalState {
  return { messages: new Map(), lastBatch: 0, lastAt: 0, done: false, cleanStop: false };
}

/** Applies one record. Pure apart from mutating `state` (callers fold). */
export function applyRecord(state: JournalState, record: JournalRecord): JournalState {
  if ('at' in record) state.lastAt = Math.max(state.lastAt, record.at);
  state.cleanStop = false;
  switch (record.t) {
    case 'run':
      state.run ??= record;
      break;
    case 'received':
      state.lastBatch = Math.max(state.lastBatch, record.b);
      for (const m of record.m) {
        const prior = state.messages.get(m.id);
        state.messages.set(m.id, {
          // A sent message received again stays sent (it will only be deleted).
          status: prior?.sent ? (prior.status === 'deleted' ? 'deleted' : 'sent') : 'received',
          sent: prior?.sent ?? false,
          receiptHandle: m.rh,
          message: m,
          batch: record.b,
        });
      }
      break;
    case 'sent':
      for (const id of record.ids) {
        const s = state.messages.get(id);
        if (s) {
          s.sent = true;
          if (s.status !== 'deleted') s.status = 'sent';
        }
      }
      break;
    case 'deleted':
      for (const id of record.ids) {
        const s = state.messages.get(id);
        if (s) s.status = 'deleted';
      }
      break;
    case 'released':
      for (const id of record.ids) {
        const s = state.messages.get(id);
        if (s && !s.sent) s.status = 'released';
      }
      break;
    case 'poll':
      break;
    case 'interrupted':
      state.cleanStop = true;
      break;
    case 'done':
      state.done = true;
      break;
  }
  return state;
}

export function foldJournal(records: readonly JournalRecord[]): JournalState {
  const state = emptyJournalState();
  for (const r of records) applyRecord(state, r);
  return state;
}

/** What a resumed run must do before it receives anything. */
export interface ResumeWork {
  /** Sent but not known deleted: delete from the DLQ, never send again. */
  toDelete: MessageState[];
  /**
   * Received and not known sent: put back. Includes the batch whose send was in flight at the
   * crash, which may have reached the queue: the one batch a crash can duplicate.
   */
  toRelease: MessageState[];
  /** Message ids already sent: received again, they are deleted, not sent. */
  sentIds: Set<string>;
  /** Messages counted as moved so far (sent), toward the plan's cap. */
  moved: number;
}

export function resumeWork(state: JournalState): ResumeWork {
  const toDelete: MessageState[] = [];
  const toRelease: MessageState[] = [];
  const sentIds = new Set<string>();
  for (const [id, s] of state.messages) {
    if (s.sent) sentIds.add(id);
    if (s.status === 'sent') toDelete.push(s);
    else if (s.status === 'received') toRelease.push(s);
  }
  return { toDelete, toRelease, sentIds, moved: sentIds.size };
}

/**
 * Parses JSONL journal text. A torn last line (a crash mid-write) is ignored; a bad line
 * anywhere else means the journal cannot be trusted and is an error.
 */
export function parseJournalText(text: string): { records: JournalRecord[]; tornTail: boolean } {
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  let tornTail = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
      if (isLast) {
        tornTail = true;
        return;
      }
      throw new Error(`line ${i + 1} is not JSON`);
    }
    const t = (value as { t?: unknown } | null)?.t;
    if (typeof t !== 'string' || !['run', 'received', 'sent', 'deleted', 'released', 'poll', 'interrupted', 'done'].includes(t)) {
      throw new Error(`line ${i + 1} is not a redrive journal record`);
    }
    records.push(value as JournalRecord);
  });
  if (records.length > 0 && records[0]!.t !== 'run') throw new Error('the first record is not a run header');
  return { records, tornTail };
}
