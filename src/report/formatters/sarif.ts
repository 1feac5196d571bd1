import { createHash } from 'node:crypto';
import { sortFindings, type Finding, type RuleDescriptor, type Severity } from '../finding.js';
import type { Formatter } from '../formatter.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note' };

/** Stable across runs and line moves: the rule, the subject and the path, not the line number. */
export function fingerprint(finding: Finding): string {
  const hash = createHash('sha256')
    .update(`${finding.rule}\0${finding.subject.kind}\0${finding.subject.name}\0${finding.path ?? ''}\0${finding.location?.file ?? ''}`)
    .digest('hex');
  return `${hash.slice(0, 32)}:1`;
}

function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function describeRule(rule: RuleDescriptor) {
  const help = `${rule.rationale}\n\nHow to fix: ${rule.fix}`;
  return {
    id: rule.id,
    name: ruleName(rule.id).slice(0, 255),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.rationale },
    help: { text: help, markdown: `${rule.rationale}\n\n**How to fix:** ${rule.fix}` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ['eventctl'] },
  };
}

/** SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, relative URIs, regions, fingerprints. */
const formatSarif: Formatter = (report, { toolVersion }) => {
  const findings = sortFindings(report.findings);
  const rules = new Map<string, RuleDescriptor>();
  for (const rule of report.rules) rules.set(rule.id, rule);
  for (const finding of findings) {
    if (!rules.has(finding.rule)) {
      rules.set(finding.rule, {
        id: finding.rule,
        summary: finding.message,
        rationale: finding.message,
        fix: finding.hint ?? 'see eventctl rules',
        defaultSeverity: finding.severity,
      });
    }
  }
  const ruleList = [...rules.values()];
  const index = new Map(ruleList.map((rule, i) => [rule.id, i]));
  const results = findings.map((finding) => {
    const text = finding.hint ? `${finding.message} (${finding.hint})` : finding.message;
    const result: Record<string, unknown> = {
      ruleId: finding.rule,
      ruleIndex: index.get(finding.rule),
      level: LEVEL[finding.severity],
      message: { text },
      partialFingerprints: { primaryLocationLineHash: fingerprint(finding) },
      properties: { subject: finding.subject, ...(finding.path ? { path: finding.path } : {}) },
    };
    if (finding.location) {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: finding.location.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
            region: { startLine: finding.location.line, startColumn: finding.location.column },
          },
        },
      ];
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eventctl',
            version: toolVersion,
            semanticVersion: toolVersion,
            informationUri: 'https://github.com/eventctl/eventctl',
            rules: ruleList.map(describeRule),
          },
        },
        automationDetails: { id: `eventctl/${report.command.replace(/\s+/g, '-')}/` },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};

export default formatSarif;
