import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readTextIfExists } from '../io/read-text-if-exists.js';
import { InputError } from '../errors.js';
import type { VetoRecord } from './veto-record.js';

/** The repository's record of vetoes and withdrawals seen (`.eventctl/vetoes.jsonl`, JSON lines). */
export function vetoRecordPath(repoDir: string): string {
  return join(repoDir, '.eventctl', 'vetoes.jsonl');
}

export async function readVetoRecords(file: string): Promise<VetoRecord[]> {
  const text = await readTextIfExists(file);
  if (text === undefined) return [];
  return text.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    try {
      const record = JSON.parse(line) as VetoRecord;
      if (record.v === 1 && typeof record.planDigest === 'string' && typeof record.principal === 'string') return record;
    } catch {
      /* reported below */
    }
    throw new InputError(`${file}:${i + 1}: not a veto record`, { location: { file, line: i + 1, column: 1 } });
  });
}

/** Appends the records not yet in the file. */
export async function recordVetoes(file: string, known: readonly VetoRecord[], seen: readonly VetoRecord[]): Promise<void> {
  const fresh = seen.filter((s) => !known.some((k) => k.planDigest === s.planDigest && k.principal === s.principal && k.kind === s.kind));
  if (fresh.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, fresh.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o644 });
}

