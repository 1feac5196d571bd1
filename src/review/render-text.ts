import type { ChalkInstance } from 'chalk';
import { formatLocation } from '../errors.js';
import type { Finding } from '../report/finding.js';
import { LEVEL_INFO, type Level } from './levels.js';
import { SECTIONS, type CheckResult, type Scorecard } from './scorecard.js';

/** Findings shown per check in next steps; the rest are counted (lint lists them all). */
export const STEP_FINDINGS_SHOWN = 5;

export function levelLabel(level: Level | 'none'): string {
  return level === 'none' ? 'not production-ready' : LEVEL_INFO[level].title;
}

/** The scorecard for a terminal. Pure: colour is injected. */
export function renderScorecardText(card: Scorecard, c: ChalkInstance): string {
  const mark = (r: CheckResult) => (r.status === 'fail' ? c.red('✘') : r.status === 'waived' ? c.yellow('≈') : c.green('✔'));
  const levelLine = card.levels
    .map((l) => `${LEVEL_INFO[l.level].title.toLowerCase()} ${l.passed ? c.green('✔') : c.red(`✘ ${l.failing}/${l.checks} failing`)}`)
    .join('   ');
  const lines = [
    `${c.bold(`${card.platform} readiness:`)} ${c.bold(levelLabel(card.level).toUpperCase())}${card.level === 'none' ? '' : c.dim(` (${LEVEL_INFO[card.level].meaning})`)}`,
    levelLine,
  ];
  const width = Math.max(...card.categories.flatMap((cat) => cat.checks.map((r) => r.check.title.length)));
  for (const section of SECTIONS) {
    lines.push('', c.bold(section.title));
    for (const cat of card.categories.filter((x) => (section.categories as readonly string[]).includes(x.category))) {
      lines.push(`  ${c.underline(cat.title)}`);
      for (const r of cat.checks) {
        const detail =
          r.status === 'fail'
            ? c.red(`${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`)
            : r.status === 'waived'
              ? c.yellow(`${r.waived.length} waived`)
              : '';
        lines.push(`    ${mark(r)} ${r.check.title.padEnd(width)}  ${c.dim(r.check.level.padEnd(6))} ${detail}`.trimEnd());
      }
    }
  }
  lines.push('');
  if (!card.next) {
    lines.push(c.green(`Gold: every check passes. Keep it there with eventctl review --min-level gold in CI.`));
  } else {
    lines.push(c.bold(`Next steps to ${LEVEL_INFO[card.next.level].title} (${LEVEL_INFO[card.next.level].meaning}):`));
    card.next.failing.forEach((r, i) => {
      lines.push(`  ${i + 1}. ${r.check.title} ${c.dim(`[${r.check.rules.join(', ')}]`)}`);
      for (const f of r.findings.slice(0, STEP_FINDINGS_SHOWN)) lines.push(`     - ${stepText(f)}`);
      if (r.findings.length > STEP_FINDINGS_SHOWN) lines.push(c.dim(`     … and ${r.findings.length - STEP_FINDINGS_SHOWN} more (eventctl lint lists them all)`));
    });
  }
  const waived = card.categories.flatMap((cat) => cat.checks.flatMap((r) => r.waived));
  if (waived.length > 0) {
    lines.push('', c.bold('Waived (counted as passing until they expire):'));
    for (const w of waived) lines.push(`  - ${w.rule} on ${w.subject.name}: ${w.waiver.reason} (until ${w.waiver.expires})`);
  }
  return lines.join('\n');
}

export function stepText(f: Finding): string {
  const where = formatLocation(f.location);
  return `${where ? `${where} ` : ''}${f.message}${f.hint ? ` → ${f.hint}` : ''}`;
}
