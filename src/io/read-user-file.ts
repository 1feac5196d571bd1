import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError, type SourceLocation } from '../errors.js';

/**
 * The one way eventctl reads a file a user (or a requester) named. Why not readFile + stat:
 * `stat` says 0 bytes for /dev/zero and a FIFO blocks the open forever, so a size cap that
 * trusts `stat` is no cap. Here the file is opened non-blocking, fstat'ed through the open
 * descriptor (no race with a swapped path), refused unless it is a regular file, and read
 * with a cap on the bytes actually read.
 */
export interface ReadUserFileOptions {
  /** Refuse more than this many bytes (counted while reading). */
  maxBytes: number;
  /** What the file is, for messages: "manifest", "schema", "plan.json". */
  what: string;
  /** The path as the user should see it (relative to the repository, or as typed). */
  shownAs?: string;
  /** Refuse a symbolic link as the last path component (plan directories: nothing but regular files). */
  noFollow?: boolean;
  location?: SourceLocation;
}

const CHUNK = 64 * 1024;

function openFlags(noFollow: boolean | undefined): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0);
}

function openError(error: unknown, options: ReadUserFileOptions, path: string): InputError {
  const shown = options.shownAs ?? path;
  const code = (error as NodeJS.ErrnoException)?.code;
  const base = { location: options.location, cause: error };
  switch (code) {
    case 'ENOENT':
      return new InputError(`${options.what} ${shown} does not exist`, { ...base, hint: 'check the path' });
    case 'ELOOP':
      return new InputError(`${options.what} ${shown} is a symbolic link; only regular files are read here`, {
        ...base,
        hint: 'replace the link with the file itself',
      });
    case 'EACCES':
    case 'EPERM':
      return new InputError(`${options.what} ${shown} cannot be read (permission denied)`, { ...base, hint: 'check the file mode and owner' });
    case 'ENOTDIR':
      return new InputError(`${options.what} ${shown}: a part of the path is not a directory`, { ...base, hint: 'check the path' });
    default:
      return new InputError(`${options.what} ${shown} cannot be read (${code ?? String(error)})`, { ...base, hint: 'check the path' });
  }
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(kind: string, options: ReadUserFileOptions, path: string): InputError {
  return new InputError(`${options.what} ${options.shownAs ?? path} is ${kind}, not a regular file`, {
    location: options.location,
    hint: 'name a regular file',
  });
}

function tooLarge(options: ReadUserFileOptions, path: string): InputError {
  return new InputError(`${options.what} ${options.shownAs ?? path} is larger than ${options.maxBytes} bytes; refused`, {
    location: options.location,
    hint: 'is this the right file?',
  });
}

/** Synchronous read of a regular file, at most `maxBytes` bytes (exit 2 otherwise). */
export function readUserFileSync(path: string, options: ReadUserFileOptions): Buffer {
  let fd: number;
  try {
    fd = openSync(path, openFlags(options.noFollow));
  } catch (error) {
    throw openError(error, options, path);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw notRegular(kindOf(stat), options, path);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, CHUNK, null);
      } catch (error) {
        throw openError(error, options, path);
      }
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw tooLarge(options, path);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Asynchronous twin of readUserFileSync. */
export async function readUserFile(path: string, options: ReadUserFileOptions): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, openFlags(options.noFollow));
  } catch (error) {
    throw openError(error, options, path);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(kindOf(stat), options, path);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(chunk, 0, CHUNK, null));
      } catch (error) {
        throw openError(error, options, path);
      }
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw tooLarge(options, path);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly (invalid bytes are an input error, never silently replaced); drops a BOM. */
export function decodeUtf8(bytes: Uint8Array, options: Pick<ReadUserFileOptions, 'what' | 'shownAs' | 'location'> & { path?: string }): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const shown = options.shownAs ?? options.path ?? '';
    throw new InputError(`${options.what} ${shown} is not valid UTF-8 (byte ${offset})`, {
      location: options.location ?? { file: shown, line, column },
      hint: 'save the file as UTF-8',
    });
  }
}

/** Offset of the first byte that breaks UTF-8 (a linear scan; only called once decoding has failed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlongs, surrogates and code points above U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** Reads a regular text file with the byte cap and strict UTF-8. */
export function readUserTextSync(path: string, options: ReadUserFileOptions): string {
  return decodeUtf8(readUserFileSync(path, options), { ...options, path });
}

export async function readUserText(path: string, options: ReadUserFileOptions): Promise<string> {
  return decodeUtf8(await readUserFile(path, options), { ...options, path });
}
