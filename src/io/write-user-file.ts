import { closeSync, constants, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';

/**
 * The one way eventctl writes a file a user named (`-o`, `--export`). Every failure the user can
 * fix (a missing or read-only directory, a file where a directory should be, an existing export)
 * is an InputError (exit 2) naming the path, never a stack trace.
 */
export interface WriteUserFileOptions {
  /** What the file is, for messages: "output file", "export file". */
  what: string;
  /** The path as the user typed it. */
  shownAs?: string;
  /** Create a new file only: refuse an existing path, and so never write through a symlink. */
  exclusive?: boolean;
  /** Mode of a newly created file (before the umask). */
  mode?: number;
}

function writeError(error: unknown, options: WriteUserFileOptions, path: string): InputError {
  const shown = options.shownAs ?? path;
  const code = (error as NodeJS.ErrnoException)?.code;
  const cause = { cause: error };
  switch (code) {
    case 'EEXIST':
      return new InputError(`${options.what} ${shown} already exists; eventctl does not overwrite it`, {
        ...cause,
        hint: 'choose a new file name, or remove the old file first',
      });
    case 'ENOTDIR':
      return new InputError(`${options.what} ${shown}: a part of the path is a file, not a directory`, { ...cause, hint: 'check the path' });
    case 'EISDIR':
      return new InputError(`${options.what} ${shown} is a directory`, { ...cause, hint: 'name a file inside it' });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new InputError(`${options.what} ${shown} cannot be written (${code === 'EROFS' ? 'read-only file system' : 'permission denied'})`, {
        ...cause,
        hint: 'choose a writable location',
      });
    case 'ENOENT':
      return new InputError(`${options.what} ${shown}: its directory does not exist and cannot be created`, { ...cause, hint: 'check the path' });
    case 'ELOOP':
      return new InputError(`${options.what} ${shown} is a symbolic link; eventctl does not write through links`, { ...cause, hint: 'choose a new file name' });
    default:
      return new InputError(`${options.what} ${shown} cannot be written (${code ?? String(error)})`, { ...cause, hint: 'check the path' });
  }
}

/**
 * Creates the missing parent directories one level at a time. Not `mkdirSync(…, {recursive})`:
 * on pseudo file systems such as /proc it retries forever instead of failing.
 */
function makeParents(dir: string, mode: number | undefined): void {
  const missing: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing.reverse()) mkdirSync(path, mode === undefined ? undefined : { mode });
}

/** Writes `body` to `path`, creating parent directories; failures the user can fix are exit 2. */
export function writeUserFileSync(path: string, body: string | Uint8Array, options: WriteUserFileOptions): void {
  const flags = options.exclusive
    ? constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW
    : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
  let fd: number;
  try {
    makeParents(dirname(path), options.exclusive ? 0o700 : undefined);
    fd = openSync(path, flags, options.mode ?? 0o666);
  } catch (error) {
    throw writeError(error, options, path);
  }
  try {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } catch (error) {
    throw writeError(error, options, path);
  } finally {
    closeSync(fd);
  }
}
