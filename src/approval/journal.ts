import { appendFile, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readTextIfExists } from '../io/read-text-if-exists.js';
import { InputError, RefusedError, UsageError } from '../errors.js';
import { toInstant } from './instant.js';
import { executionName, type PlanArtifact, type PlanKind } from './plan.js';

/**
 * The repository's append-only journal of executed plans (JSON lines, `.eventctl/journal.jsonl`
 * at the git top level; see gate-inputs.ts). It makes a plan one-time use in this repository
 * and records the highest policy version a run used (rollback check). Server-side backstops when
 * the journal is lost: the AWS replay name `ectl-<planId>`, and a plan tag on a redriven DLQ.
 */
export const JOURNAL_VERSION = 1;

export interface JournalEntry {
  v: typeof JOURNAL_VERSION;
  planId: string;
  planDigest: string;
  kind: PlanKind;
  executionName: string;
  policyVersion: number;
  policySha256: string;
  /** `started` is written before the AWS call; any entry makes the plan spent. */
  state: 'started' | 'completed' | 'failed';
  at: string;
  approvers?: string[];
  /** STS caller ARN of whoever ran it. */
  caller?: string;
  /** e.g. the replay ARN, or the error. */
  detail?: string;
}

/** The journal entry for a verified plan (state `started` before the AWS call, then `completed`/`failed`). */
export function journalEntryFor(plan: PlanArtifact, input: { state: JournalEntry['state']; at: Date; approvers?: string[]; caller?: string; detail?: string }): JournalEntry {
  return {
    v: JOURNAL_VERSION,
    planId: plan.plan.planId,
    planDigest: plan.digest,
    kind: plan.plan.kind,
    executionName: executionName(plan.plan),
    policyVersion: plan.plan.policy.version,
    policySha256: plan.plan.policy.sha256,
    state: input.state,
    at: toInstant(input.at),
    ...(input.approvers ? { approvers: input.approvers } : {}),
    ...(input.caller ? { caller: input.caller } : {}),
    ...(input.detail ? { detail: input.detail } : {}),
  };
}

/** Parses journal text; a malformed line is an error (a journal that cannot be read cannot gate). */
export function parseJournal(text: string, file = 'journal'): JournalEntry[] {
  const entries: JournalEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError(`${file}:${i + 1}: not a JSON line`, { location: { file, line: i + 1, column: 1 } });
    }
    const entry = value as Partial<JournalEntry> | null;
    if (!entry || entry.v !== JOURNAL_VERSION || typeof entry.planId !== 'string' || typeof entry.planDigest !== 'string' || typeof entry.policyVersion !== 'number') {
      throw new InputError(`${file}:${i + 1}: not a journal entry`, { location: { file, line: i + 1, column: 1 } });
    }
    entries.push(entry as JournalEntry);
  });
  return entries;
}

export async function readJournal(file: string): Promise<JournalEntry[]> {
  const text = await readTextIfExists(file);
  return text === undefined ? [] : parseJournal(text, file);
}

/** The entry that already spent this plan (same id or same bytes), if any. */
export function findExecution(entries: readonly JournalEntry[], plan: { planId: string; planDigest: string }): JournalEntry | undefined {
  return entries.find((e) => e.planId === plan.planId || e.planDigest === plan.planDigest);
}

/** The highest policy version any recorded run used (a lower one is a rollback). */
export function highestPolicyVersion(entries: readonly JournalEntry[]): number | undefined {
  return entries.reduce<number | undefined>((max, e) => (max === undefined || e.policyVersion > max ? e.policyVersion : max), undefined);
}

export async function appendJournal(file: string, entry: JournalEntry): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o644 });
}

/**
 * Reserves a plan before executing it: under an exclusive lock file, refuses if the plan is
 * already recorded, else appends a `started` entry. Call after verification, before AWS.
 */
export async function reserveExecution(file: string, entry: JournalEntry): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  let handle;
  try {
    handle = await open(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`the journal is locked (${lock})`, { hint: 'another run is in progress; if none is, delete the lock file' });
    }
    throw error;
  }
  try {
    const existing = findExecution(await readJournal(file), entry);
    if (existing) {
      throw new RefusedError(`plan ${entry.planId} was already executed`, [
        `journal ${file} records ${existing.executionName} (${existing.state} at ${existing.at}); make a new plan to run again`,
      ]);
    }
    await appendJournal(file, { ...entry, state: 'started' });
  } finally {
    await handle.close();
    await unlink(lock);
  }
}
