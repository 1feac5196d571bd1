import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Global setup of the whole run: every worker, spawned CLI and git process gets a private TMPDIR
 * (so a parallel run on the same machine cannot confuse the count). At the end, anything a test
 * left there is a leak: it is listed and the run fails; then the private directory is removed.
 */
let runDir: string | undefined;
let previous: string | undefined;

export function setup(): void {
  previous = process.env.TMPDIR;
  runDir = mkdtempSync(join(tmpdir(), 'eventctl-test-run-'));
  process.env.TMPDIR = runDir;
}

export function teardown(): void {
  if (!runDir) return;
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  const left = readdirSync(runDir);
  rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  if (left.length > 0) {
    process.exitCode = 1;
    process.stderr.write(
      `\nTEMP DIR LEAK: the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temp dir ` +
        `(use tempDir() from test/support/temp-dir.ts, or remove in afterEach/finally):\n` +
        left.sort().map((name) => `  ${name}\n`).join(''),
    );
  }
}
