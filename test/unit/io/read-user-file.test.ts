import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readUserFile, readUserFileSync, readUserTextSync } from '../../../src/io/read-user-file.js';
import { tempDir } from '../../support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('eventctl-read-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = { maxBytes: 1024, what: 'schema' };

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readUserFile', () => {
  it('reads a regular file', async () => {
    writeFileSync(join(dir, 'a.json'), '{"a":1}');
    expect(readUserFileSync(join(dir, 'a.json'), opts).toString()).toBe('{"a":1}');
    expect((await readUserFile(join(dir, 'a.json'), opts)).toString()).toBe('{"a":1}');
  });

  it('caps bytes actually read, not the size stat reports (/dev/zero says 0)', async () => {
    expect(inputError(() => readUserFileSync('/dev/zero', opts)).message).toMatch(/device/);
    await expect(readUserFile('/dev/zero', opts)).rejects.toThrow(/device/);
    writeFileSync(join(dir, 'big'), Buffer.alloc(2048, 65));
    expect(inputError(() => readUserFileSync(join(dir, 'big'), opts)).message).toMatch(/larger than 1024 bytes/);
  });

  it('refuses a FIFO without blocking, and a directory', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(inputError(() => readUserFileSync(join(dir, 'fifo'), opts)).message).toMatch(/FIFO/);
    await expect(readUserFile(join(dir, 'fifo'), opts)).rejects.toThrow(/FIFO/);
    mkdirSync(join(dir, 'sub'));
    expect(inputError(() => readUserFileSync(join(dir, 'sub'), opts)).message).toMatch(/directory/);
  });

  it('refuses a symlink when noFollow is set, follows it otherwise', () => {
    writeFileSync(join(dir, 'real'), 'x');
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(readUserFileSync(join(dir, 'link'), opts).toString()).toBe('x');
    expect(inputError(() => readUserFileSync(join(dir, 'link'), { ...opts, noFollow: true })).message).toMatch(/symbolic link/);
  });

  it('names a missing file', () => {
    expect(inputError(() => readUserFileSync(join(dir, 'nope'), { ...opts, shownAs: 'nope' })).message).toBe('schema nope does not exist');
  });

  it('rejects invalid UTF-8 with its line and column instead of replacing it', () => {
    writeFileSync(join(dir, 'bad.json'), Buffer.concat([Buffer.from('{\n  "a": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    const error = inputError(() => readUserTextSync(join(dir, 'bad.json'), { ...opts, shownAs: 'bad.json' }));
    expect(error.message).toMatch(/not valid UTF-8 \(byte 10\)/);
    expect(error.location).toEqual({ file: 'bad.json', line: 2, column: 9 });
    writeFileSync(join(dir, 'ok.json'), '{"a":"é€😀"}');
    expect(readUserTextSync(join(dir, 'ok.json'), opts)).toBe('{"a":"é€😀"}');
  });
});
