import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Test files share their worker's module cache (vitest.config.ts: isolate: false), so a test that
 * changes process state or mocks a module would leak into the next file in that worker. Only the
 * global setups (they run in the main process, before any worker) and a test that restores what it
 * changes, named here with its reason, may touch such state.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const ALLOWED: Record<string, string> = {
  'test/support/temp-dir-guard.ts': 'global setup: gives the whole run a private TMPDIR',
  'test/support/moto-python-setup.ts': 'global setup: hands the moto interpreter to every worker',
  'test/unit/support/temp-dir-guard.test.ts': 'drives the global setup, restores TMPDIR in afterEach',
  'test/unit/architecture/shared-workers.test.ts': 'this check: its own examples',
};
const LEAKS = /process\.env(\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env|process\.chdir\(|vi\.(mock|doMock|stubEnv|stubGlobal)\(/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : files(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('test files share workers', () => {
  it('no test changes process.env, the working directory or a module for the files after it', () => {
    const found = files(join(ROOT, 'test'))
      .map((path) => relative(ROOT, path).split('\\').join('/'))
      .filter((path) => !(path in ALLOWED))
      .flatMap((path) =>
        readFileSync(join(ROOT, path), 'utf8')
          .split('\n')
          .flatMap((line, i) => (LEAKS.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });

  it('the check sees what it looks for', () => {
    for (const line of ['process.env.AWS_REGION = "x";', "process.env['X'] = '1'", 'delete process.env.X', 'process.chdir(dir)', "vi.mock('../x.js')"]) {
      expect(LEAKS.test(line), line).toBe(true);
    }
    expect(LEAKS.test('if (process.env.CI === "1")')).toBe(false);
  });
});
