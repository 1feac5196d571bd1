import { formatLocation } from '../errors.js';
import { LEVEL_INFO, type Level } from './levels.js';
import { levelLabel, STEP_FINDINGS_SHOWN } from './render-text.js';
import { SECTIONS, type CheckResult, type Scorecard } from './scorecard.js';

const STATUS = { pass: '✅ pass', fail: '❌ fail', waived: '⚠️ waived' } as const;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function badge(level: Level | 'none'): string {
  return level === 'none' ? '⛔ Not production-ready' : `${LEVEL_INFO[level].icon} ${LEVEL_INFO[level].title}`;
}

function detail(r: CheckResult): string {
  if (r.status === 'fail') return `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`;
  if (r.status === 'waived') return `${r.waived.length} waived`;
  return '';
}

/** The scorecard as a PR comment or GitHub step summary: tables a person would paste. Pure. */
export function renderScorecardMarkdown(card: Scorecard): string {
  const lines = [
    `### eventctl review: ${card.platform} — ${badge(card.level)}`,
    '',
    card.level === 'none' ? 'Bronze is not met yet: see the next steps below.' : `_${levelLabel(card.level)}: ${LEVEL_INFO[card.level].meaning}._`,
    '',
    '| Level | Result | Checks |',
    '|---|---|---|',
    ...card.levels.map((l) => `| ${LEVEL_INFO[l.level].icon} ${LEVEL_INFO[l.level].title} | ${l.passed ? '✅ met' : `❌ ${l.failing} failing`} | ${l.checks - l.failing}/${l.checks} |`),
  ];
  for (const section of SECTIONS) {
    lines.push('', `#### ${section.title}`, '', '| Category | Check | Level | Status | Details |', '|---|---|---|---|---|');
    for (const cat of card.categories.filter((x) => (section.categories as readonly string[]).includes(x.category))) {
      for (const r of cat.checks) {
        lines.push(`| ${cell(cat.title)} | ${cell(r.check.title)} | ${LEVEL_INFO[r.check.level].title} | ${STATUS[r.status]} | ${detail(r)} |`);
      }
    }
  }
  lines.push('');
  if (!card.next) {
    lines.push('🥇 Every check passes.');
  } else {
    lines.push(`#### Next steps to ${badge(card.next.level)}`, '', '| Check | Where | Subject | What to do |', '|---|---|---|---|');
    for (const r of card.next.failing) {
      for (const f of r.findings.slice(0, STEP_FINDINGS_SHOWN)) {
        const todo = f.hint ? `${f.message}<br>↳ ${f.hint}` : f.message;
        lines.push(`| ${cell(r.check.title)} | ${cell(formatLocation(f.location) || '—')} | ${cell(`${f.subject.kind} ${f.subject.name}`)} | ${cell(todo)} |`);
      }
      if (r.findings.length > STEP_FINDINGS_SHOWN) {
        lines.push(`| ${cell(r.check.title)} | | | … and ${r.findings.length - STEP_FINDINGS_SHOWN} more: run \`eventctl lint\` |`);
      }
    }
  }
  const waived = card.categories.flatMap((cat) => cat.checks.flatMap((r) => r.waived));
  if (waived.length > 0) {
    lines.push('', '<details><summary>Waived findings (pass until they expire)</summary>', '', '| Rule | Subject | Reason | Expires |', '|---|---|---|---|');
    for (const w of waived) lines.push(`| \`${w.rule}\` | ${cell(w.subject.name)} | ${cell(w.waiver.reason)} | ${w.waiver.expires} |`);
    lines.push('', '</details>');
  }
  return lines.join('\n');
}
