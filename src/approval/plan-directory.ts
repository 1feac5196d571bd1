import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { readUserFile } from '../io/read-user-file.js';
import { ENVELOPE_SUFFIX } from './approval.js';
import { MAX_ENVELOPE_BYTES } from './dsse.js';
import { MAX_PLAN_BYTES, PLAN_FILE } from './plan.js';
import { MAX_ENVELOPES, type EnvelopeFile } from './verify.js';

/**
 * Reading a plan directory that a requester controls: only regular files are read (a symlink,
 * FIFO, device or directory in their place is a problem, never followed or opened blocking), and
 * every read is bounded by the bytes actually read, never by what `stat` says (/dev/zero is 0).
 */
export const FILTER_FILE = 'redrive-filter.txt';
export const MAX_FILTER_BYTES = 16 * 1024;

export interface PlanDirectory {
  dir: string;
  planBytes?: Buffer;
  envelopes: EnvelopeFile[];
  /** `redrive-filter.txt`, when present. */
  filterText?: string;
  /** Why the directory cannot be trusted as is (each a refusal reason). */
  problems: string[];
}

type Entry = { name: string; isFile(): boolean; isSymbolicLink(): boolean; isDirectory(): boolean; isFIFO(): boolean };

function kindOf(entry: Entry): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isDirectory()) return 'a directory';
  if (entry.isFIFO()) return 'a FIFO';
  return 'not a regular file';
}

async function readBounded(path: string, name: string, maxBytes: number): Promise<Buffer | string> {
  try {
    return await readUserFile(path, { maxBytes, what: 'plan file', shownAs: name, noFollow: true });
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
}

export async function readPlanDirectory(dir: string): Promise<PlanDirectory> {
  let entries: Entry[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new UsageError(`no plan directory at ${dir}`, { hint: 'pass the plan directory written by `replay plan` or `dlq redrive --plan-out`' });
  }
  const result: PlanDirectory = { dir, envelopes: [], problems: [] };
  const relevant = entries
    .filter((e) => e.name === PLAN_FILE || e.name === FILTER_FILE || e.name.endsWith(ENVELOPE_SUFFIX))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!relevant.some((e) => e.name === PLAN_FILE)) {
    throw new UsageError(`no plan at ${join(dir, PLAN_FILE)}`, { hint: 'pass the plan directory written by `replay plan` or `dlq redrive --plan-out`' });
  }
  const envelopeCount = relevant.filter((e) => e.name.endsWith(ENVELOPE_SUFFIX)).length;
  if (envelopeCount > MAX_ENVELOPES) {
    result.problems.push(`${envelopeCount} signature files; at most ${MAX_ENVELOPES} are read`);
  }
  let envelopesRead = 0;
  for (const entry of relevant) {
    if (!entry.isFile()) {
      result.problems.push(`${entry.name} in the plan directory is ${kindOf(entry)}; only regular files are read`);
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.name === PLAN_FILE) {
      const bytes = await readBounded(path, entry.name, MAX_PLAN_BYTES);
      if (typeof bytes === 'string') result.problems.push(bytes);
      else result.planBytes = bytes;
    } else if (entry.name === FILTER_FILE) {
      const bytes = await readBounded(path, entry.name, MAX_FILTER_BYTES);
      if (typeof bytes === 'string') result.problems.push(bytes);
      else result.filterText = bytes.toString('utf8');
    } else {
      if ((envelopesRead += 1) > MAX_ENVELOPES) continue;
      const bytes = await readBounded(path, entry.name, MAX_ENVELOPE_BYTES);
      if (typeof bytes === 'string') result.problems.push(bytes);
      else result.envelopes.push({ name: entry.name, bytes });
    }
  }
  return result;
}
