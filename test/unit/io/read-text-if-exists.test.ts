import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readTextIfExists } from '../../../src/io/read-text-if-exists.js';
import { tempDir } from '../../support/temp-dir.js';

describe('readTextIfExists (eventctl\'s own journals)', () => {
  it('a missing file is undefined (an empty journal); an existing one is its text', async () => {
    const dir = tempDir('eventctl-read-if-exists-');
    expect(await readTextIfExists(join(dir, 'journal.jsonl'))).toBeUndefined();
    writeFileSync(join(dir, 'journal.jsonl'), '{"v":1}\n');
    expect(await readTextIfExists(join(dir, 'journal.jsonl'))).toBe('{"v":1}\n');
  });

  it('any other failure is not hidden: a directory in its place is an input error naming it (exit 2), not a bug', async () => {
    const dir = tempDir('eventctl-read-if-exists-');
    const error = await readTextIfExists(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ exitCode: 2, message: `cannot read ${dir}: it is a directory`, cause: { code: 'EISDIR' } });
  });
});
