import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const TRACER = fileURLToPath(new URL('../support/trace-imports.mjs', import.meta.url));

/** Runs the CLI with an import tracer and returns every module URL it resolved. */
async function loadedModules(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const file = join(tempDir('eventctl-trace-'), 'modules.txt');
  const result = await runCli(args, { nodeArgs: ['--import', TRACER], env: { TRACE_IMPORTS_FILE: file } });
  const modules = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  return { code: result.code, modules };
}

describe('heavy modules load lazily', () => {
  it('the tracer sees what a command loads (so the checks below can fail)', async () => {
    const { modules } = await loadedModules(['validate', '-m', 'fixtures/platform/eventctl.yaml']);
    expect(modules.some((m) => m.includes('/dist/src/manifest/load.js'))).toBe(true);
    expect(modules.some((m) => m.includes('/commander/'))).toBe(true);
  });

  it.each([
    [['--help']],
    [['--version']],
    [['validate', '-m', 'fixtures/platform/eventctl.yaml']],
    [['lint', '-m', 'fixtures/platform/eventctl.yaml']],
    [['review', '-m', 'fixtures/platform/eventctl.yaml']],
    [['schema', 'diff', 'fixtures/platform/schemas/order-placed.json', 'fixtures/platform/schemas/order-placed.json']],
  ])('%j never loads @aws-sdk', async (args) => {
    const { code, modules } = await loadedModules(args);
    expect(code).toBe(0);
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => m.includes('@aws-sdk') || m.includes('@smithy'))).toEqual([]);
  });

  it('--version loads neither commander nor any command module', async () => {
    const { modules } = await loadedModules(['--version']);
    expect(modules.filter((m) => m.includes('/commander/') || m.includes('/dist/commands/'))).toEqual([]);
  });
});
