import { sortFindings, summarize } from '../finding.js';
import type { Formatter } from '../formatter.js';

/** The public JSON contract: `{schemaVersion: 1, command, findings, summary, ...extra}`. */
const formatJson: Formatter = (report) =>
  JSON.stringify(
    {
      schemaVersion: 1,
      command: report.command,
      findings: sortFindings(report.findings),
      summary: summarize(report.findings),
      ...report.extra,
    },
    null,
    2,
  );

export default formatJson;
