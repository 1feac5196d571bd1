import { formatLocation } from '../../errors.js';
import { atOrAbove, sortFindings } from '../finding.js';
import type { Formatter } from '../formatter.js';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/**
 * JUnit XML as GitLab and most CI dashboards read it: one testcase per finding, classname = rule id,
 * name = subject; findings at or above --fail-on are failures.
 */
const formatJunit: Formatter = (report, { failOn }) => {
  const findings = sortFindings(report.findings);
  const failures = findings.filter((f) => atOrAbove(f.severity, failOn)).length;
  const name = escapeXml(`eventctl ${report.command}`);
  const cases = findings.map((f) => {
    const where = formatLocation(f.location);
    const body = escapeXml([f.message, f.hint ? `hint: ${f.hint}` : '', where ? `at ${where}` : ''].filter(Boolean).join('\n'));
    const head = `    <testcase classname="${escapeXml(f.rule)}" name="${escapeXml(`${f.subject.kind} ${f.subject.name}${f.path ? ` ${f.path}` : ''}`)}"${f.location ? ` file="${escapeXml(f.location.file)}" line="${f.location.line}"` : ''}>`;
    const inner = atOrAbove(f.severity, failOn)
      ? `      <failure message="${escapeXml(f.message)}" type="${f.severity}">${body}</failure>`
      : `      <system-out>${escapeXml(`${f.severity}: `)}${body}</system-out>`;
    return `${head}\n${inner}\n    </testcase>`;
  });
  if (cases.length === 0) {
    cases.push(`    <testcase classname="eventctl" name="${name}"/>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${Math.max(findings.length, 1)}" failures="${failures}" errors="0">`,
    `  <testsuite name="${name}" tests="${Math.max(findings.length, 1)}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
};

export default formatJunit;
