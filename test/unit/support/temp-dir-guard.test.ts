import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup, teardown } from '../../support/temp-dir-guard.js';
import { removeTempDirs, tempDir } from '../../support/temp-dir.js';

/** The run's leak check itself: a nested run of the global setup inside this test. */
describe('temp dir guard', () => {
  const outer = process.env.TMPDIR;
  const exitCode = process.exitCode;
  afterEach(() => {
    process.env.TMPDIR = outer;
    process.exitCode = exitCode;
    vi.restoreAllMocks();
  });

  it('fails the run and names what a test left behind, then removes it', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    setup();
    const runDir = tmpdir();
    expect(runDir).not.toBe(outer);
    mkdirSync(join(runDir, 'eventctl-forgotten-abc123'));
    teardown();
    expect(process.exitCode).toBe(1);
    expect(String(write.mock.calls.map((c) => c[0]).join(''))).toMatch(/TEMP DIR LEAK: the tests left 1 entry[\s\S]*eventctl-forgotten-abc123/);
    expect(existsSync(runDir)).toBe(false);
    expect(process.env.TMPDIR).toBe(outer);
  });

  it('passes quietly when every tempDir() was removed', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.exitCode = undefined;
    setup();
    const dir = tempDir('eventctl-clean-');
    expect(existsSync(dir)).toBe(true);
    removeTempDirs();
    expect(existsSync(dir)).toBe(false);
    teardown();
    expect(process.exitCode).toBeUndefined();
    expect(write).not.toHaveBeenCalled();
  });
});
