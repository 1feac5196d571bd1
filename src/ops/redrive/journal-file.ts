import { mkdir, open, readFile, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readTextIfExists } from '../../io/read-text-if-exists.js';
import { InputError, UsageError } from '../../errors.js';
import { foldJournal, parseJournalText, type JournalRecord, type JournalState, type RunRecord } from './journal-state.js';

/**
 * The redrive journal on disk: `<manifest dir>/.eventctl/redrive/<key>.jsonl`, append-only JSON
 * lines. Records that a crash must not lose (`received` before the send, `sent` before the
 * delete) are fsynced; the rest ride along with the next sync. A lock file with the owner's pid
 * keeps two runs off one journal; a lock left by a killed process is taken over.
 */
export function redriveJournalDir(manifestDir: string): string {
  return join(manifestDir, '.eventctl', 'redrive');
}

export function redriveJournalPath(manifestDir: string, key: string): string {
  return join(redriveJournalDir(manifestDir), `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
}

export interface RedriveJournal {
  readonly file: string;
  append(record: JournalRecord, options?: { sync?: boolean }): Promise<void>;
  /** Moves a finished journal aside (`<key>.<runId>.done.jsonl`) so the next run starts fresh. */
  archive(runId: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenedJournal {
  journal: RedriveJournal;
  /** The unfinished run found on disk, if any (to resume). */
  previous?: JournalState;
  tornTail: boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function takeLock(lock: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new UsageError(`another redrive (pid ${owner}) is using this journal (${lock})`, {
          hint: 'wait for it to finish, or stop it with Ctrl-C',
        });
      }
      // Left behind by a killed run: take it over.
      await unlink(lock).catch(() => undefined);
    }
  }
  throw new UsageError(`cannot lock the redrive journal (${lock})`);
}

export async function readRedriveJournal(file: string): Promise<{ state?: JournalState; records: JournalRecord[]; tornTail: boolean }> {
  const text = await readTextIfExists(file);
  if (text === undefined) return { records: [], tornTail: false };
  try {
    const { records, tornTail } = parseJournalText(text);
    return { state: records.length ? foldJournal(records) : undefined, records, tornTail };
  } catch (error) {
    throw new InputError(`the redrive journal ${file} is damaged: ${(error as Error).message}`, {
      hint: 'move it aside to start over; messages it recorded as sent may then be sent again',
    });
  }
}

/**
 * Opens (and locks) the journal for `key`. A finished journal is archived first. An unfinished
 * one is returned as `previous` when its header matches `header` (same consumer and queues);
 * a mismatch is a usage error rather than a silent mix of two runs.
 */
export async function openRedriveJournal(file: string, header: Omit<RunRecord, 't' | 'v' | 'at' | 'runId'>, now: () => number, newRunId: () => string): Promise<OpenedJournal & { run: RunRecord }> {
  await mkdir(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  await takeLock(lock);
  let handle: FileHandle | undefined;
  try {
    let { state, tornTail } = await readRedriveJournal(file);
    if (state?.done && state.run) {
      await rename(file, file.replace(/\.jsonl$/, `.${state.run.runId}.done.jsonl`));
      state = undefined;
      tornTail = false;
    }
    if (state?.run) {
      const r = state.run;
      // Same queues by path (account/name): the host differs between endpoints, proxies, VPC URLs.
      const path = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+/i, '');
      if (r.consumer !== header.consumer || path(r.dlqUrl) !== path(header.dlqUrl) || path(r.queueUrl) !== path(header.queueUrl)) {
        throw new UsageError(`the unfinished redrive in ${file} moved ${r.dlqUrl} → ${r.queueUrl}, not ${header.dlqUrl} → ${header.queueUrl}`, {
          hint: 'finish that run first, or move the journal aside',
        });
      }
      if (r.keep !== header.keep || r.filters.join('\n') !== header.filters.join('\n')) {
        throw new UsageError(`the unfinished redrive in ${file} used ${r.keep ? '--keep ' : ''}${r.filters.map((f) => `--filter ${f}`).join(' ') || 'no filter'}; run it again with the same options to resume`);
      }
    }
    if (tornTail) {
      // Cut the torn line off, so later records are not appended to it.
      const bytes = await readFile(file);
      await truncate(file, bytes.lastIndexOf(0x0a) + 1);
    }
    handle = await open(file, 'a', 0o600);
    const run: RunRecord = state?.run ?? { t: 'run', v: 1, runId: newRunId(), at: now(), ...header };
    const h = handle;
    const journal: RedriveJournal = {
      file,
      async append(record, options = {}) {
        await h.write(`${JSON.stringify(record)}\n`);
        if (options.sync) await h.datasync();
      },
      async archive(runId) {
        const target = file.replace(/\.jsonl$/, `.${runId}.done.jsonl`);
        await rename(file, target);
        return target;
      },
      async close() {
        await h.close().catch(() => undefined);
        await unlink(lock).catch(() => undefined);
      },
    };
    if (!state?.run) await journal.append(run, { sync: true });
    return { journal, previous: state, tornTail, run };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(lock).catch(() => undefined);
    throw error;
  }
}
