import Table from 'cli-table3';
import { formatLocation } from '../../errors.js';
import { sortFindings, summarize, type Severity } from '../finding.js';
import type { Formatter } from '../formatter.js';

/** Column width that fits the longest cell (plus padding), up to a cap. */
function widest(cells: readonly string[], cap: number): number {
  return Math.min(cap, Math.max(6, ...cells.map((c) => c.length)) + 2);
}

const formatText: Formatter = (report, { chalk }) => {
  const findings = sortFindings(report.findings);
  if (findings.length === 0) return `${chalk.green('✔')} ${report.command}: no findings`;
  const paint: Record<Severity, (s: string) => string> = {
    error: (s) => chalk.red.bold(s),
    warn: (s) => chalk.yellow(s),
    info: (s) => chalk.cyan(s),
  };
  const table = new Table({
    head: ['severity', 'where', 'rule', 'subject', 'message'],
    style: { head: chalk.level > 0 ? ['bold'] : [], border: chalk.level > 0 ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [10, widest(findings.map((f) => formatLocation(f.location) || '-'), 40), widest(findings.map((f) => f.rule), 40), widest(findings.map((f) => `${f.subject.kind} ${f.subject.name}`), 36), 64],
  });
  for (const finding of findings) {
    const message = finding.hint ? `${finding.message}\n${chalk.dim(`→ ${finding.hint}`)}` : finding.message;
    table.push([
      paint[finding.severity](finding.severity),
      formatLocation(finding.location) || '-',
      finding.rule,
      `${finding.subject.kind} ${finding.subject.name}`,
      message,
    ]);
  }
  const summary = summarize(findings);
  const line = `${summary.total} finding${summary.total === 1 ? '' : 's'}: ${paint.error(`${summary.error} error`)}, ${paint.warn(`${summary.warn} warn`)}, ${paint.info(`${summary.info} info`)}`;
  return `${table.toString()}\n${line}`;
};

export default formatText;
