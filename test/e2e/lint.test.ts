import { cpSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EXAMPLE = 'fixtures/platform/eventctl.yaml';
const MIXED = 'fixtures/lint/mixed-roles/eventctl.yaml';

interface JsonFinding {
  rule: string;
  severity: string;
  subject: { kind: string; name: string };
  location: { file: string; line: number; column: number };
}

describe('eventctl lint (built CLI)', () => {
  it.each(['text', 'json', 'markdown', 'sarif', 'junit', 'github'])('the example platform is clean in --format %s (exit 0)', async (format) => {
    const result = await runCli(['lint', '-m', EXAMPLE, '--format', format, '--fail-on', 'info']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    if (format === 'json') expect(JSON.parse(result.stdout).findings).toEqual([]);
  });

  it('JSON findings follow the Finding shape, naming the subject and the manifest line', async () => {
    const result = await runCli(['lint', '-m', MIXED, '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { schemaVersion: number; command: string; findings: JsonFinding[]; summary: { error: number } };
    expect(report.schemaVersion).toBe(1);
    expect(report.command).toBe('lint');
    expect(report.summary.error).toBe(4);
    expect(report.findings.map((f) => [f.rule, f.subject.kind, f.subject.name, f.location.file, f.location.line])).toEqual([
      ['consumer-single-role', 'consumer', 'orders-sync', MIXED, 34],
      ['projection-is-rebuildable', 'consumer', 'orders-search', MIXED, 42],
      ['projection-no-side-effects', 'consumer', 'orders-search', MIXED, 49],
      ['operational-not-rebuildable', 'consumer', 'order-cancel-refund', MIXED, 61],
    ]);
  });

  it('github annotations point at the offending lines', async () => {
    const result = await runCli(['lint', '-m', MIXED, '--format', 'github']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::error file=${MIXED},line=34,`);
    expect(result.stdout).toContain(`::error file=${MIXED},line=61,`);
  });

  it('SARIF results carry the rule help and the region of each finding', async () => {
    const result = await runCli(['lint', '-m', MIXED, '--format', 'sarif']);
    expect(result.code).toBe(1);
    const run = JSON.parse(result.stdout).runs[0];
    const lines = run.results.map((r: { ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => `${r.ruleId}:${r.locations[0]!.physicalLocation.region.startLine}`);
    expect(lines.sort()).toEqual(['consumer-single-role:34', 'operational-not-rebuildable:61', 'projection-is-rebuildable:42', 'projection-no-side-effects:49']);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'consumer-single-role');
    expect(rule.help.text).toContain('How to fix');
  });

  it('exits 1 only at or above --fail-on', async () => {
    const dir = tempDir('eventctl-lint-');
    cpSync(join(REPO_ROOT, 'fixtures/platform'), dir, { recursive: true });
    appendFileSync(join(dir, 'eventctl.yaml'), '\nlint:\n  rules: { dlq-max-receive-count: warn }\n');
    const manifest = join(dir, 'eventctl.yaml');
    const atError = await runCli(['lint', '-m', manifest, '--format', 'json']);
    expect(atError.code).toBe(0);
    expect(JSON.parse(atError.stdout).summary).toMatchObject({ warn: 3, error: 0 });
    expect((await runCli(['lint', '-m', manifest, '--fail-on', 'warn'])).code).toBe(1);
  });

  it('a config mistake is an input error (exit 2) at its line, with a suggestion', async () => {
    const dir = tempDir('eventctl-lint-');
    cpSync(join(REPO_ROOT, 'fixtures/platform'), dir, { recursive: true });
    appendFileSync(join(dir, 'eventctl.yaml'), '\nlint:\n  rules: { operational-has-dql: off }\n');
    const result = await runCli(['lint', '-m', join(dir, 'eventctl.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/eventctl\.yaml:\d+:\d+: lint\.rules: unknown lint rule 'operational-has-dql'/);
    expect(result.stderr).toContain("did you mean 'operational-has-dlq'");
    expect(result.stdout).toBe('');
  });

  it('warns on stderr about a waiver that covers nothing, and keeps stdout clean', async () => {
    const result = await runCli(['lint', '-m', 'fixtures/lint/waivers/eventctl.yaml', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('waiver for topic-has-owner on report.requested covers no finding');
    const report = JSON.parse(result.stdout);
    expect(report.waived.map((w: JsonFinding) => w.rule)).toEqual(['operational-has-dlq']);
  });
});

describe('eventctl rules (built CLI)', () => {
  it('lists the catalogue with a pointer to the schema rules', async () => {
    const result = await runCli(['rules']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('consumer-single-role');
    expect(result.stdout).toContain('eventctl schema rules');
  });

  it('explains one rule, and suggests a near miss', async () => {
    const one = await runCli(['rules', 'operational-has-dlq']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Why it matters');
    expect(one.stdout).toContain('How to fix');
    const miss = await runCli(['rules', 'operational-has-dql']);
    expect(miss.code).toBe(2);
    expect(miss.stderr).toContain("did you mean 'operational-has-dlq'");
  });

  it('prints JSON for tooling', async () => {
    const result = await runCli(['rules', '--format', 'json']);
    const rules = JSON.parse(result.stdout).rules as Array<{ id: string; presets: { recommended: string } }>;
    expect(rules.find((r) => r.id === 'topic-has-correlation')?.presets.recommended).toBe('off');
  });
});
