import { formatLocation } from '../../errors.js';
import { sortFindings, summarize, type Severity } from '../finding.js';
import type { Formatter } from '../formatter.js';
import { renderTable, type TableColumn } from '../table.js';

// Location and message matter most; the subject is usually visible at the location, so it goes first.
const COLUMNS: readonly TableColumn[] = [
  { header: 'severity' },
  { header: 'where', wrap: true, minWidth: 20 },
  { header: 'rule', wrap: true, minWidth: 12 },
  { header: 'subject', wrap: true, minWidth: 12, drop: 1 },
  { header: 'message', wrap: true, minWidth: 30 },
];

const formatText: Formatter = (report, { chalk, width }) => {
  const findings = sortFindings(report.findings);
  if (findings.length === 0) return `${chalk.green('✔')} ${report.command}: no findings`;
  const paint: Record<Severity, (s: string) => string> = {
    error: (s) => chalk.red.bold(s),
    warn: (s) => chalk.yellow(s),
    info: (s) => chalk.cyan(s),
  };
  const rows = findings.map((finding) => [
    [{ text: finding.severity, style: paint[finding.severity] }],
    formatLocation(finding.location) || '-',
    finding.rule,
    `${finding.subject.kind} ${finding.subject.name}`,
    finding.hint
      ? [{ text: finding.message }, { text: `→ ${finding.hint}`, style: (s: string) => chalk.dim(s) }]
      : finding.message,
  ]);
  const table = renderTable(COLUMNS, rows, { width, boldHeader: (s) => chalk.bold(s) });
  const summary = summarize(findings);
  const line = `${summary.total} finding${summary.total === 1 ? '' : 's'}: ${paint.error(`${summary.error} error`)}, ${paint.warn(`${summary.warn} warn`)}, ${paint.info(`${summary.info} info`)}`;
  return `${table}\n${line}`;
};

export default formatText;
