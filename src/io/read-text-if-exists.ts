import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/**
 * A file eventctl itself keeps (a journal, a record of vetoes) as UTF-8 text, or undefined when it
 * does not exist yet: a missing journal is an empty one. Anything else in its place (a directory,
 * a file it may not read) is the user's to fix, named, never taken for an empty journal.
 */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError(`cannot read ${file}: ${code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`, {
      hint: 'eventctl keeps a journal there: move what is in the way aside',
      cause: error,
    });
  }
}
