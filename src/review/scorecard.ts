import { CATEGORY_TITLES, RULE_CATEGORIES, type RuleCategory } from '../lint/categories.js';
import type { LintResult, WaivedFinding } from '../lint/run-lint.js';
import { sortFindings, type Finding } from '../report/finding.js';
import { CHECKS, type ReadinessCheck } from './checks.js';
import { LEVELS, type Level } from './levels.js';

export type CheckStatus = 'pass' | 'fail' | 'waived';

export interface CheckResult {
  check: ReadinessCheck;
  /** `waived`: passes, but only because waivers cover findings. */
  status: CheckStatus;
  findings: Finding[];
  waived: WaivedFinding[];
}

export interface LevelResult {
  level: Level;
  passed: boolean;
  checks: number;
  failing: number;
}

/** The report sections, in reading order: operate first, then contracts, then wiring. */
export const SECTIONS = [
  { title: 'Can we operate this for the next year?', categories: ['failure-containment', 'replay-readiness', 'observability', 'operability'] },
  { title: 'Are the contracts disciplined?', categories: ['schema-governance', 'consumer-roles'] },
  { title: 'Can we build this?', categories: ['routing'] },
] as const satisfies ReadonlyArray<{ title: string; categories: readonly RuleCategory[] }>;

export interface Scorecard {
  platform: string;
  /** Highest level whose checks, and every lower level's, all pass. */
  level: Level | 'none';
  levels: LevelResult[];
  categories: Array<{ category: RuleCategory; title: string; checks: CheckResult[] }>;
  /** The level above the reached one, and what fails there. Absent at the top. */
  next?: { level: Level; failing: CheckResult[] };
}

/** Scores a lint result (run with every rule on) against the readiness checks. Pure. */
export function buildScorecard(platform: string, result: Pick<LintResult, 'findings' | 'waived'>, checks: readonly ReadinessCheck[] = CHECKS): Scorecard {
  const byRule = group(result.findings);
  const waivedByRule = group(result.waived);
  const results: CheckResult[] = checks.map((check) => {
    const findings = sortFindings(check.rules.flatMap((r) => byRule.get(r) ?? []));
    const waived = check.rules.flatMap((r) => waivedByRule.get(r) ?? []);
    return { check, status: findings.length > 0 ? 'fail' : waived.length > 0 ? 'waived' : 'pass', findings, waived };
  });
  const levels: LevelResult[] = LEVELS.map((level) => {
    const at = results.filter((r) => r.check.level === level);
    const failing = at.filter((r) => r.status === 'fail').length;
    return { level, passed: failing === 0, checks: at.length, failing };
  });
  let level: Level | 'none' = 'none';
  for (const l of levels) {
    if (!l.passed) break;
    level = l.level;
  }
  const nextLevel = LEVELS[level === 'none' ? 0 : LEVELS.indexOf(level) + 1];
  return {
    platform,
    level,
    levels,
    categories: RULE_CATEGORIES.map((category) => ({
      category,
      title: CATEGORY_TITLES[category],
      checks: results.filter((r) => r.check.category === category),
    })).filter((c) => c.checks.length > 0),
    ...(nextLevel ? { next: { level: nextLevel, failing: results.filter((r) => r.check.level === nextLevel && r.status === 'fail') } } : {}),
  };
}

function group<T extends Finding>(findings: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const f of findings) {
    const list = map.get(f.rule) ?? [];
    list.push(f);
    map.set(f.rule, list);
  }
  return map;
}
