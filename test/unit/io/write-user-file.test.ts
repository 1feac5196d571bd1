import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { writeUserFileSync } from '../../../src/io/write-user-file.js';
import { redactUrlPasswords } from '../../../src/text/redact.js';

describe('writeUserFileSync', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventctl-write-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates missing directories and overwrites a regular file (plain -o)', () => {
    const dir = scratch();
    const file = join(dir, 'a', 'b', 'report.txt');
    writeUserFileSync(file, 'one\n', { what: 'output file' });
    writeUserFileSync(file, 'two\n', { what: 'output file' });
    expect(readFileSync(file, 'utf8')).toBe('two\n');
  });

  it('exclusive: a new 0600 file; an existing file, a link or a dangling link is exit 2 and untouched', () => {
    const dir = scratch();
    const fresh = join(dir, 'new.ndjson');
    writeUserFileSync(fresh, 'x\n', { what: 'export file', exclusive: true, mode: 0o600 });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(() => writeUserFileSync(fresh, 'y\n', { what: 'export file', exclusive: true })).toThrow(InputError);
    expect(readFileSync(fresh, 'utf8')).toBe('x\n');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep\n');
    symlinkSync(victim, join(dir, 'link'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    for (const name of ['link', 'dangling']) {
      expect(() => writeUserFileSync(join(dir, name), 'y\n', { what: 'export file', exclusive: true })).toThrow(/already exists/);
      expect(lstatSync(join(dir, name)).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(() => lstatSync(join(dir, 'nowhere'))).toThrow();
  });

  it('a file where a directory should be, a directory as the file, and /proc/nope/x are exit 2', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), '');
    expect(() => writeUserFileSync(join(dir, 'file', 'x'), '', { what: 'output file', shownAs: 'file/x' })).toThrow(/output file file\/x: a part of the path is a file/);
    expect(() => writeUserFileSync(dir, '', { what: 'output file', shownAs: 'dir' })).toThrow(/output file dir is a directory/);
    expect(() => writeUserFileSync('/proc/nope/x', '', { what: 'output file' })).toThrow(/cannot be created/);
  });
});

describe('redactUrlPasswords', () => {
  it('hides the password of any URL userinfo, keeps the rest', () => {
    expect(redactUrlPasswords("cannot reach http://alice:s3cr%40t@127.0.0.1:9 for sqs")).toBe('cannot reach http://alice:***@127.0.0.1:9 for sqs');
    expect(redactUrlPasswords('https://u:p@h/x and ftp://v:q@g')).toBe('https://u:***@h/x and ftp://v:***@g');
    expect(redactUrlPasswords('http://user@host:1 http://host:1/a:b@c')).toBe('http://user@host:1 http://host:1/a:b@c');
  });
});
