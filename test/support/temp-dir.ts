import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary directories for tests. `tempDir()` creates one under the run's private temp directory
 * (see temp-dir-guard.ts) and remembers it; `removeTempDirs()` (registered for every test file by
 * temp-dir-cleanup.ts) deletes them when the file ends. A test that creates a directory some other
 * way must remove it itself: the guard fails the run on anything left behind.
 */
const created = new Set<string>();

/** A fresh directory named `<prefix>XXXXXX` in the temp dir, removed after the test file. */
export function tempDir(prefix = 'eventctl-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Removes every directory `tempDir()` created in this worker so far. */
export function removeTempDirs(): void {
  for (const dir of created) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    created.delete(dir);
  }
}
