import { formatLocation } from '../../errors.js';
import { sortFindings, summarize } from '../finding.js';
import type { Formatter } from '../formatter.js';

const ICON = { error: '🔴 error', warn: '🟡 warn', info: '🔵 info' } as const;

export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

const formatMarkdown: Formatter = (report) => {
  const findings = sortFindings(report.findings);
  const summary = summarize(findings);
  const lines = [`### eventctl ${report.command}`, ''];
  if (findings.length === 0) {
    lines.push('✅ No findings.');
    return lines.join('\n');
  }
  lines.push(`**${summary.error}** errors, **${summary.warn}** warnings, **${summary.info}** info`, '');
  lines.push('| Severity | Rule | Subject | Where | Message |', '|---|---|---|---|---|');
  for (const f of findings) {
    const message = f.hint ? `${f.message}<br>↳ ${f.hint}` : f.message;
    lines.push(
      `| ${ICON[f.severity]} | \`${f.rule}\` | ${escapeMarkdownCell(`${f.subject.kind} ${f.subject.name}`)} | ${escapeMarkdownCell(formatLocation(f.location) || '—')} | ${escapeMarkdownCell(message)} |`,
    );
  }
  return lines.join('\n');
};

export default formatMarkdown;
