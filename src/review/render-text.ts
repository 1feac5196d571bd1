import type { ChalkInstance } from 'chalk';
import { formatLocation } from '../errors.js';
import { wrapParagraph, wrapText } from '../report/table.js';
import type { Finding } from '../report/finding.js';
import { LEVEL_INFO, type Level } from './levels.js';
import { SECTIONS, type CheckResult, type Scorecard } from './scorecard.js';

/** Findings shown per check in next steps; the rest are counted (lint lists them all). */
export const STEP_FINDINGS_SHOWN = 5;

export function levelLabel(level: Level | 'none'): string {
  return level === 'none' ? 'not production-ready' : LEVEL_INFO[level].title;
}

/** The scorecard for a terminal. Pure: colour and the width to fit (undefined: no limit) are injected. */
export function renderScorecardText(card: Scorecard, c: ChalkInstance, width?: number): string {
  const mark = (r: CheckResult) => (r.status === 'fail' ? c.red('✘') : r.status === 'waived' ? c.yellow('≈') : c.green('✔'));
  const levelLine = card.levels
    .map((l) => `${LEVEL_INFO[l.level].title.toLowerCase()} ${l.passed ? c.green('✔') : c.red(`✘ ${l.failing}/${l.checks} failing`)}`)
    .join('   ');
  const headline = `${card.platform} readiness: ${levelLabel(card.level).toUpperCase()}`;
  const meaning = card.level === 'none' ? '' : ` (${LEVEL_INFO[card.level].meaning})`;
  const lines = [`${c.bold(headline)}${c.dim(wrapParagraph(`${headline}${meaning}`, width).slice(headline.length))}`, levelLine];
  // Title column: as wide as the longest title, narrowed (titles wrap) so a row fits `width`:
  // 4 indent + mark + space, 2 gap, level (6) + space, and the widest detail ("12 findings").
  const longest = Math.max(...card.categories.flatMap((cat) => cat.checks.map((r) => r.check.title.length)));
  const titleWidth = width === undefined ? longest : Math.max(20, Math.min(longest, width - (6 + 2 + 7 + 12)));
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
        const [first = '', ...more] = r.check.title.length > titleWidth ? wrapText(r.check.title, titleWidth) : [r.check.title];
        lines.push(`    ${mark(r)} ${first.padEnd(titleWidth)}  ${c.dim(r.check.level.padEnd(6))} ${detail}`.trimEnd());
        for (const line of more) lines.push(`      ${line}`);
      }
    }
  }
  lines.push('');
  if (!card.next) {
    lines.push(c.green(`Gold: every check passes. Keep it there with eventctl review --min-level gold in CI.`));
  } else {
    lines.push(c.bold(wrapParagraph(`Next steps to ${LEVEL_INFO[card.next.level].title} (${LEVEL_INFO[card.next.level].meaning}):`, width)));
    card.next.failing.forEach((r, i) => {
      lines.push(...hanging(`  ${i + 1}. `, `${r.check.title} ${c.dim(`[${r.check.rules.join(', ')}]`)}`, width));
      for (const f of r.findings.slice(0, STEP_FINDINGS_SHOWN)) lines.push(...hanging('     - ', stepText(f), width));
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

/** `prefix` + text wrapped to `width`, continuation lines hanging under the text. */
function hanging(prefix: string, text: string, width: number | undefined): string[] {
  if (width === undefined) return [prefix + text];
  const hang = ' '.repeat(prefix.length);
  return wrapText(text, Math.max(20, width - prefix.length)).map((line, i) => (i === 0 ? prefix : hang) + line);
}

export function stepText(f: Finding): string {
  const where = formatLocation(f.location);
  return `${where ? `${where} ` : ''}${f.message}${f.hint ? ` → ${f.hint}` : ''}`;
}
