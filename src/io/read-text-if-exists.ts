import { readFile } from 'node:fs/promises';

/**
 * A file eventctl itself keeps (a journal, a record of vetoes) as UTF-8 text, or undefined when it
 * does not exist yet: a missing journal is an empty one. Any other failure is the caller's.
 */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
