import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EXAMPLE = 'fixtures/platform/eventctl.yaml';

describe('eventctl review (built CLI)', () => {
  it('prints the level and concrete next steps', async () => {
    const result = await runCli(['review', '-m', EXAMPLE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('acme-orders readiness: SILVER');
    expect(result.stdout).toContain('Next steps to Gold');
    expect(result.stdout).toContain(`${EXAMPLE}:109:10 consumer 'orders-read-model' has a DLQ but no maxReceiveCount`);
  });

  it('--format markdown renders tables', async () => {
    const result = await runCli(['review', '-m', EXAMPLE, '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| Level | Result | Checks |\n|---|---|---|');
    expect(result.stdout).toContain('| Category | Check | Level | Status | Details |');
  });

  it('--min-level is a CI gate: gold is not met (exit 1), silver is (exit 0)', async () => {
    const gold = await runCli(['review', '-m', EXAMPLE, '--min-level', 'gold']);
    expect(gold.code).toBe(1);
    expect(gold.stderr).toContain('--min-level gold is not met');
    expect((await runCli(['review', '-m', EXAMPLE, '--min-level', 'silver'])).code).toBe(0);
    expect((await runCli(['review', '-m', EXAMPLE, '--min-level', 'platinum'])).code).toBe(2);
  });

  it('appends the markdown to GITHUB_STEP_SUMMARY', async () => {
    const summary = join(tempDir('eventctl-review-'), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const result = await runCli(['review', '-m', EXAMPLE], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('### eventctl review: acme-orders — 🥈 Silver');
  });

  it('JSON names the level, each check and the next level', async () => {
    const result = await runCli(['review', '-m', 'fixtures/lint/missing-obligations/eventctl.yaml', '--format', 'json', '--min-level', 'bronze']);
    expect(result.code).toBe(1);
    const card = JSON.parse(result.stdout);
    expect(card).toMatchObject({ schemaVersion: 1, command: 'review', level: 'none', minLevel: 'bronze', met: false });
    expect(card.next.level).toBe('bronze');
  });
});
