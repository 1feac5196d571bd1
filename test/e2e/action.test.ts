import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, REPO_ROOT } from '../support/run-cli.js';

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Array<{ id?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }> };
}

const action = load(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYaml;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * Runs the action's check step the way the runner does: `run` through bash, with the step's env
 * (inputs substituted: the defaults, then `inputs`) and GitHub's files for summary and outputs.
 */
function runAction(inputs: Record<string, string>): Promise<{ code: number | null; log: string; summary: string; outputs: Record<string, string>; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'eventctl-action-'));
  dirs.push(dir);
  const summaryFile = join(dir, 'summary.md');
  const outputFile = join(dir, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const values: Record<string, string> = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...inputs };
  const step = action.runs.steps.find((s) => s.id === 'check')!;
  const env: NodeJS.ProcessEnv = { ...baseEnv(), GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: REPO_ROOT, CI: 'true', EVENTCTL: `${process.execPath} ${BIN}` };
  for (const [key, expr] of Object.entries(step.env ?? {})) {
    env[key] = expr.replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_m, name: string) => values[name] ?? '');
  }
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', step.run!], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      resolve({ code, log, summary: readFileSync(summaryFile, 'utf8'), outputs, dir });
    });
  });
}

describe('the GitHub Action (action.yml + action/run.sh)', () => {
  it('is a composite action whose inputs reach the script, uploading SARIF even when a check fails', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['manifest', 'base-ref', 'min-level']));
    const step = action.runs.steps.find((s) => s.id === 'check')!;
    expect(step.run).toContain('action/run.sh');
    const script = readFileSync(join(REPO_ROOT, 'action/run.sh'), 'utf8');
    for (const key of Object.keys(step.env ?? {})) expect(script).toContain(key);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.if).toMatch(/always\(\)/);
    expect(upload.with?.sarif_file).toBe('${{ steps.check.outputs.sarif-file }}');
  });

  it('on a clean platform: every check passes, SARIF is written, the review lands in the job summary', async () => {
    const sarif = join(mkdtempSync(join(tmpdir(), 'eventctl-sarif-')), 'lint.sarif');
    dirs.push(join(sarif, '..'));
    const run = await runAction({ manifest: 'fixtures/platform/eventctl.yaml', 'base-ref': 'HEAD', 'min-level': 'silver', 'sarif-file': sarif });
    expect(run.code, run.log).toBe(0);
    expect(run.outputs).toEqual({ 'sarif-file': sarif, failed: 'false' });
    const report = JSON.parse(readFileSync(sarif, 'utf8')) as { version: string; runs: Array<{ tool: { driver: { name: string } } }> };
    expect(report.version).toBe('2.1.0');
    expect(report.runs[0]!.tool.driver.name).toBe('eventctl');
    expect(run.summary).toContain('### eventctl review: acme-orders');
    expect(run.summary).toMatch(/\| `review` \| ✅ pass \|/);
    expect(run.log).toContain('::group::eventctl schema check');
  }, 120_000);

  it('on a platform with findings: annotations and SARIF results, failed=true and exit 1 after every check ran', async () => {
    const sarif = join(mkdtempSync(join(tmpdir(), 'eventctl-sarif-')), 'lint.sarif');
    dirs.push(join(sarif, '..'));
    const run = await runAction({ manifest: 'fixtures/lint/missing-obligations/eventctl.yaml', 'min-level': 'bronze', 'sarif-file': sarif });
    expect(run.code).toBe(1);
    expect(run.outputs.failed).toBe('true');
    const report = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: Array<{ results: unknown[] }> };
    expect(report.runs[0]!.results.length).toBeGreaterThan(0);
    expect(run.summary).toMatch(/\| `lint` \| ❌ findings \|/);
    expect(run.summary).toMatch(/\| `review` \| ❌ findings \|/);
    expect(run.summary).toContain('### eventctl review: acme-missing-obligations');
  }, 120_000);

  it('stops early with exit 2 and says so in the summary when the manifest does not validate', async () => {
    const run = await runAction({ manifest: 'fixtures/broken/misspelt-class.yaml' });
    expect(run.code).toBe(2);
    expect(run.outputs.failed).toBe('true');
    expect(run.summary).toContain('### eventctl: the manifest does not validate');
    expect(run.log).toMatch(/::error file=fixtures\/broken\/misspelt-class.yaml::/);
  }, 60_000);
});
