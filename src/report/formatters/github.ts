import { sortFindings, type Finding, type Severity } from '../finding.js';
import type { Formatter } from '../formatter.js';

/** GitHub shows at most 10 annotations of each level per step; we cap and say so. */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warn: 'warning', info: 'notice' };

/** Escaping of workflow-command data (message). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of workflow-command property values (file, title). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(finding: Finding): string {
  const props: string[] = [];
  if (finding.location) {
    props.push(`file=${escapeProperty(finding.location.file)}`);
    props.push(`line=${finding.location.line}`);
    props.push(`col=${finding.location.column}`);
  }
  props.push(`title=${escapeProperty(`${finding.rule} (${finding.subject.kind} ${finding.subject.name})`)}`);
  const message = finding.hint ? `${finding.message}\n${finding.hint}` : finding.message;
  return `::${LEVEL[finding.severity]} ${props.join(',')}::${escapeData(message)}`;
}

const formatGithub: Formatter = (report) => {
  const findings = sortFindings(report.findings);
  const lines: string[] = [];
  const shown: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  let capped = 0;
  for (const finding of findings) {
    if (shown[finding.severity] >= ANNOTATIONS_PER_LEVEL) {
      capped += 1;
      continue;
    }
    shown[finding.severity] += 1;
    lines.push(annotation(finding));
  }
  if (capped > 0) {
    lines.push(
      `::notice title=eventctl ${escapeProperty(report.command)}::${capped} more finding${capped === 1 ? '' : 's'} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level); run with --format sarif or markdown for all`,
    );
  }
  lines.push(`eventctl ${report.command}: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  return lines.join('\n');
};

export default formatGithub;
