import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRedriveJournal, readRedriveJournal } from '../../../src/ops/redrive/journal-file.js';
import { foldJournal, parseJournalText, resumeWork, type JournalRecord } from '../../../src/ops/redrive/journal-state.js';
import { tempDir } from '../../support/temp-dir.js';

const run: JournalRecord = { t: 'run', v: 1, runId: 'r1', consumer: 'c', dlqUrl: 'd', queueUrl: 'q', filters: [], keep: false, visibilityTimeoutSeconds: 30, at: 1 };
const msg = (id: string) => ({ id, rh: `rh-${id}`, body: `body-${id}` });

describe('redrive journal state machine', () => {
  it('received → sent → deleted; received only → to release; sent only → to delete', () => {
    const state = foldJournal([
      run,
      { t: 'received', b: 1, at: 2, m: [msg('a'), msg('b')] },
      { t: 'sent', b: 1, at: 3, ids: ['a', 'b'] },
      { t: 'deleted', b: 1, at: 4, ids: ['a'] },
      { t: 'received', b: 2, at: 5, m: [msg('c'), msg('d')] },
      { t: 'released', b: 2, at: 6, ids: ['d'] },
    ]);
    const work = resumeWork(state);
    expect(work.toDelete.map((s) => s.message.id)).toEqual(['b']);
    expect(work.toRelease.map((s) => s.message.id)).toEqual(['c']);
    expect([...work.sentIds].sort()).toEqual(['a', 'b']);
    expect(work.moved).toBe(2);
    expect(state.lastBatch).toBe(2);
    expect(state.lastAt).toBe(6);
    expect(state.done).toBe(false);
  });

  it('sent is sticky: a sent message received again is only deleted, and a release does not unsend it', () => {
    const state = foldJournal([
      run,
      { t: 'received', b: 1, at: 2, m: [msg('a')] },
      { t: 'sent', b: 1, at: 3, ids: ['a'] },
      { t: 'released', b: 1, at: 4, ids: ['a'] },
      { t: 'received', b: 2, at: 5, m: [{ ...msg('a'), rh: 'rh-new' }] },
    ]);
    const work = resumeWork(state);
    expect(work.toRelease).toEqual([]);
    expect(work.toDelete.map((s) => s.receiptHandle)).toEqual(['rh-new']);
  });

  it('a clean interrupt is remembered until the next record', () => {
    expect(foldJournal([run, { t: 'interrupted', at: 9 }]).cleanStop).toBe(true);
    expect(foldJournal([run, { t: 'interrupted', at: 9 }, { t: 'poll', at: 10 }]).cleanStop).toBe(false);
  });

  it('ignores a torn last line but refuses damage elsewhere', () => {
    const good = `${JSON.stringify(run)}\n${JSON.stringify({ t: 'poll', at: 2 })}\n`;
    expect(parseJournalText(`${good}{"t":"rec`)).toMatchObject({ tornTail: true, records: [{ t: 'run' }, { t: 'poll' }] });
    expect(() => parseJournalText(`${JSON.stringify(run)}\n{"t":"rec\n${JSON.stringify({ t: 'poll', at: 2 })}\n`)).toThrow(/line 2/);
    expect(() => parseJournalText(`${JSON.stringify({ t: 'poll', at: 2 })}\n`)).toThrow(/run header/);
    expect(() => parseJournalText(`${JSON.stringify(run)}\n{"t":"bogus"}\n`)).toThrow(/not a redrive journal record/);
  });
});

describe('redrive journal file', () => {
  const header = { consumer: 'c', dlqUrl: 'd', queueUrl: 'q', filters: [], keep: false, visibilityTimeoutSeconds: 30 };

  it('writes a header, appends, resumes an unfinished run and archives a finished one', async () => {
    const dir = tempDir('redrive-journal-');
    const file = join(dir, 'c.jsonl');
    const first = await openRedriveJournal(file, header, () => 5, () => 'run-a');
    expect(first.previous).toBeUndefined();
    await first.journal.append({ t: 'received', b: 1, at: 6, m: [msg('x')] }, { sync: true });
    await first.journal.close();
    // A crash mid-write leaves a torn line.
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"t":"se`);
    const second = await openRedriveJournal(file, header, () => 7, () => 'run-b');
    expect(second.run.runId).toBe('run-a');
    expect(second.tornTail).toBe(true);
    expect(second.previous?.messages.get('x')?.status).toBe('received');
    await second.journal.append({ t: 'done', at: 8, moved: 1, failed: 0 }, { sync: true });
    await second.journal.close();
    expect((await readRedriveJournal(file)).state?.done).toBe(true);
    const third = await openRedriveJournal(file, header, () => 9, () => 'run-c');
    expect(third.previous).toBeUndefined();
    expect(third.run.runId).toBe('run-c');
    await third.journal.close();
    expect(readdirSync(dir).sort()).toEqual(['c.jsonl', 'c.run-a.done.jsonl']);
  });

  it('refuses to mix runs: other queues or other options', async () => {
    const dir = tempDir('redrive-journal-');
    const file = join(dir, 'c.jsonl');
    const opened = await openRedriveJournal(file, header, () => 1, () => 'r');
    await opened.journal.close();
    await expect(openRedriveJournal(file, { ...header, queueUrl: 'other' }, () => 1, () => 'r')).rejects.toThrow(/not d → other/);
    await expect(openRedriveJournal(file, { ...header, keep: true }, () => 1, () => 'r')).rejects.toThrow(/same options/);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a journal locked by a live process and takes over a dead one', async () => {
    const dir = tempDir('redrive-journal-');
    const file = join(dir, 'c.jsonl');
    writeFileSync(`${file}.lock`, String(process.ppid));
    await expect(openRedriveJournal(file, header, () => 1, () => 'r')).rejects.toThrow(/another redrive/);
    writeFileSync(`${file}.lock`, '999999999');
    const opened = await openRedriveJournal(file, header, () => 1, () => 'r');
    await opened.journal.close();
  });
});
