import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/lint/registry.js';
import type { WaivedFinding } from '../../../src/lint/run-lint.js';
import { CHECKS } from '../../../src/review/checks.js';
import { LEVELS } from '../../../src/review/levels.js';
import { renderScorecardMarkdown } from '../../../src/review/render-markdown.js';
import { renderScorecardText } from '../../../src/review/render-text.js';
import { buildScorecard } from '../../../src/review/scorecard.js';
import type { Finding } from '../../../src/report/finding.js';
import { lintFile } from '../lint/lint-harness.js';

const finding = (rule: string, name = 'x'): Finding => ({
  rule,
  severity: 'error',
  message: `${rule} on ${name}`,
  hint: 'fix it',
  subject: { kind: 'consumer', name },
  location: { file: 'eventctl.yaml', line: 7, column: 5 },
});

describe('readiness checks', () => {
  it('cover every lint rule exactly once', () => {
    const used = CHECKS.flatMap((c) => c.rules);
    expect([...used].sort()).toEqual(RULES.map((r) => r.meta.id).sort());
  });

  it('have unique ids, and every level has checks', () => {
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    for (const level of LEVELS) expect(CHECKS.some((c) => c.level === level), level).toBe(true);
  });
});

describe('buildScorecard', () => {
  it('reaches gold when nothing fails', () => {
    const card = buildScorecard('p', { findings: [], waived: [] });
    expect(card.level).toBe('gold');
    expect(card.next).toBeUndefined();
  });

  it('stops at the highest level whose checks and every lower level pass', () => {
    expect(buildScorecard('p', { findings: [finding('dlq-max-receive-count')], waived: [] }).level).toBe('silver');
    expect(buildScorecard('p', { findings: [finding('bus-has-archive')], waived: [] }).level).toBe('bronze');
  });

  it('is cumulative: a failing bronze check means no level even when silver and gold pass', () => {
    const card = buildScorecard('p', { findings: [finding('operational-has-dlq', 'billing')], waived: [] });
    expect(card.level).toBe('none');
    expect(card.levels.map((l) => l.passed)).toEqual([false, true, true]);
    expect(card.next?.level).toBe('bronze');
    expect(card.next?.failing.map((r) => r.check.id)).toEqual(['operational-dlqs']);
  });

  it('counts waived findings as passing, and says so', () => {
    const waived: WaivedFinding = { ...finding('operational-has-dlq'), waiver: { reason: 'moving to SQS', expires: '2099-01-01' } };
    const card = buildScorecard('p', { findings: [], waived: [waived] });
    expect(card.level).toBe('gold');
    const check = card.categories.flatMap((c) => c.checks).find((r) => r.check.id === 'operational-dlqs');
    expect(check?.status).toBe('waived');
    expect(renderScorecardText(card, new Chalk({ level: 0 }))).toContain('operational-has-dlq on x: moving to SQS (until 2099-01-01)');
  });

  it('puts operating concerns before contracts, and building last', () => {
    const text = renderScorecardText(buildScorecard('p', { findings: [], waived: [] }), new Chalk({ level: 0 }));
    const order = ['Can we operate this for the next year?', 'Failure containment', 'Replay readiness', 'Observability', 'Operability', 'Are the contracts disciplined?', 'Schema governance', 'Consumer roles', 'Can we build this?', 'Routing'];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe('review of the example platform', () => {
  const card = buildScorecard('acme-orders', lintFile('fixtures/platform/eventctl.yaml', { mode: 'every-rule' }));

  it('is silver, with concrete steps to gold', () => {
    expect(card.level).toBe('silver');
    expect(card.next?.level).toBe('gold');
    expect(card.next?.failing.map((r) => r.check.id)).toEqual(['explicit-redrive']);
    const text = renderScorecardText(card, new Chalk({ level: 0 }));
    expect(text).toContain('acme-orders readiness: SILVER');
    expect(text).toContain('Next steps to Gold');
    expect(text).toContain("fixtures/platform/eventctl.yaml:109:10 consumer 'orders-read-model' has a DLQ but no maxReceiveCount");
  });

  it('fits 80 columns when asked (titles and steps wrap), and keeps one line per check without a width', () => {
    const narrow = renderScorecardText(card, new Chalk({ level: 0 }), 80);
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(narrow).toContain('✘ Redrive policies are explicit (maxReceiveCount)');
    expect(narrow.replace(/\n +/g, ' ')).toContain("fixtures/platform/eventctl.yaml:109:10 consumer 'orders-read-model' has a DLQ but no maxReceiveCount");
    const wide = renderScorecardText(card, new Chalk({ level: 0 }));
    expect(wide.split('\n').some((line) => line.length > 80)).toBe(true);
    expect(wide).toContain('Projections can be rebuilt by replay; operational consumers do not claim to be  bronze');
  });

  it('renders markdown tables a PR comment can hold', () => {
    const md = renderScorecardMarkdown(card);
    expect(md).toContain('### eventctl review: acme-orders — 🥈 Silver');
    expect(md).toContain('| Level | Result | Checks |');
    expect(md).toContain('| 🥇 Gold | ❌ 1 failing | 6/7 |');
    expect(md).toContain('| Failure containment | Redrive policies are explicit (maxReceiveCount) | Gold | ❌ fail | 3 findings |');
    expect(md).toContain('#### Next steps to 🥇 Gold');
    // Every row of each table has as many cells as its header (escaped pipes do not split).
    const tables = md.split(/\n(?!\|)/).map((block) => block.split('\n').filter((l) => l.startsWith('|'))).filter((t) => t.length > 0);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const table of tables) {
      const width = table[0]!.split(/(?<!\\)\|/).length;
      for (const row of table) expect(row.split(/(?<!\\)\|/).length, row).toBe(width);
    }
  });

  it('a broken manifest reaches no level and is told what bronze needs', () => {
    const broken = buildScorecard('x', lintFile('fixtures/lint/missing-obligations/eventctl.yaml', { mode: 'every-rule' }));
    expect(broken.level).toBe('none');
    expect(broken.next?.failing.map((r) => r.check.id)).toEqual(['operational-dlqs', 'operational-idempotency', 'operational-lag-slos', 'workflows']);
  });
});
