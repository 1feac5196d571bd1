import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../../src/report/finding.js';
import formatGithub, { ANNOTATIONS_PER_LEVEL, escapeData, escapeProperty } from '../../../src/report/formatters/github.js';
import formatJson from '../../../src/report/formatters/json.js';
import formatJunit from '../../../src/report/formatters/junit.js';
import formatMarkdown from '../../../src/report/formatters/markdown.js';
import formatSarif from '../../../src/report/formatters/sarif.js';
import formatText from '../../../src/report/formatters/text.js';

const options = { chalk: new Chalk({ level: 0 }), failOn: 'error' as const, toolVersion: '9.9.9' };

const findings: Finding[] = [
  {
    rule: 'operational-needs-dlq',
    severity: 'error',
    message: 'consumer billing-charge has no DLQ',
    hint: 'add dlq: billing-charge-dlq',
    subject: { kind: 'consumer', name: 'billing-charge' },
    location: { file: 'platform/eventctl.yaml', line: 42, column: 5 },
  },
  {
    rule: 'topic-unconsumed',
    severity: 'warn',
    message: 'nobody consumes order.audit | with a pipe, a colon: and a comma,\nand a newline 100%',
    subject: { kind: 'topic', name: 'order.audit' },
    location: { file: 'platform/eventctl.yaml', line: 12, column: 5 },
  },
  {
    rule: 'tracing-propagation',
    severity: 'info',
    message: 'tracing is not declared',
    subject: { kind: 'manifest', name: 'acme' },
  },
];

const report: Report = {
  command: 'lint',
  findings,
  rules: [
    {
      id: 'operational-needs-dlq',
      summary: 'Operational consumers need a DLQ',
      rationale: 'Failed side effects must not vanish.',
      fix: 'Declare dlq.',
      defaultSeverity: 'error',
    },
  ],
};

describe('json formatter', () => {
  it('emits the public contract with schemaVersion, errors first, and a summary', () => {
    const out = JSON.parse(formatJson(report, options)) as {
      schemaVersion: number;
      findings: Finding[];
      summary: Record<string, number>;
    };
    expect(out.schemaVersion).toBe(1);
    expect(out.findings.map((f) => f.severity)).toEqual(['error', 'warn', 'info']);
    expect(out.summary).toEqual({ error: 1, warn: 1, info: 1, total: 3 });
    expect(out.findings[0]!.subject).toEqual({ kind: 'consumer', name: 'billing-charge' });
  });
});

describe('github formatter', () => {
  it('escapes data and properties per the workflow-command rules', () => {
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('x:y,z')).toBe('x%3Ay%2Cz');
    const out = formatGithub(report, options).split('\n');
    expect(out[0]).toBe(
      '::error file=platform/eventctl.yaml,line=42,col=5,title=operational-needs-dlq (consumer billing-charge)::consumer billing-charge has no DLQ%0Aadd dlq: billing-charge-dlq',
    );
    expect(out[1]).toContain('::warning file=platform/eventctl.yaml,line=12,col=5,');
    expect(out[1]).toContain('a newline 100%25');
    expect(out[2]).toMatch(/^::notice title=/);
  });

  it('caps annotations per level and says how many were left out', () => {
    const many: Report = {
      ...report,
      findings: Array.from({ length: 25 }, (_, i) => ({ ...findings[0]!, subject: { kind: 'consumer' as const, name: `c${i}` } })),
    };
    const lines = formatGithub(many, options).split('\n');
    expect(lines.filter((l) => l.startsWith('::error')).length).toBe(ANNOTATIONS_PER_LEVEL);
    expect(lines.some((l) => l.includes('15 more findings not annotated'))).toBe(true);
  });
});

describe('markdown formatter', () => {
  it('renders a table and escapes pipes and newlines inside cells', () => {
    const out = formatMarkdown(report, options);
    expect(out).toContain('| Severity | Rule | Subject | Where | Message |');
    expect(out).toContain('order.audit \\| with a pipe');
    expect(out).toContain('comma,<br>and a newline');
    const rows = out.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(4);
  });
});

describe('junit formatter', () => {
  it('counts failures at or above --fail-on and escapes XML', () => {
    const out = formatJunit({ ...report, findings: [...findings, { ...findings[1]!, message: '<&"\u0001>' }] }, options);
    expect(out).toContain('failures="1"');
    expect(out).toContain('classname="operational-needs-dlq"');
    expect(out).toContain('&lt;&amp;&quot;&gt;');
    expect(out).not.toContain('\u0001');
    const warnFail = formatJunit(report, { ...options, failOn: 'warn' });
    expect(warnFail).toContain('failures="2"');
  });
});

describe('text formatter', () => {
  it('lists every finding with its location and a summary line', () => {
    const out = formatText(report, options);
    expect(out).toContain('platform/eventctl.yaml:42:5');
    expect(out).toContain('operational-needs-dlq');
    expect(out).toMatch(/3 findings: 1 error, 1 warn, 1 info/);
    expect(formatText({ ...report, findings: [] }, options)).toContain('no findings');
  });
});

describe('sarif formatter', () => {
  const sarifSchema = JSON.parse(
    readFileSync(new URL('../../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
  ) as object;
  const require = createRequire(import.meta.url);
  const Ajv4 = (require('ajv-draft-04') as { default: typeof import('ajv-draft-04').default }).default;
  const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
  // The schema's formats (uri, uri-reference, date-time) are checked, not ignored with a warning.
  (require('ajv-formats') as { default: (ajv: InstanceType<typeof Ajv4>) => void }).default(ajv);
  const validate = ajv.compile(sarifSchema);

  it('validates against the SARIF 2.1.0 JSON Schema', () => {
    const log = JSON.parse(formatSarif(report, options)) as unknown;
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a broken log (the schema check can fail)', () => {
    const log = JSON.parse(formatSarif(report, options)) as { runs: Array<{ results: Array<{ level: string }> }> };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('has what GitHub code scanning requires: rule help, relative URIs, regions, fingerprints', () => {
    const log = JSON.parse(formatSarif(report, options)) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string }; shortDescription: { text: string } }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          partialFingerprints: { primaryLocationLineHash: string };
          locations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        }>;
      }>;
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('eventctl');
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    }
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/);
    }
    const first = run.results[0]!.locations![0]!.physicalLocation;
    expect(first.artifactLocation.uri).toBe('platform/eventctl.yaml');
    expect(first.region.startLine).toBe(42);
    const fingerprints = new Set(run.results.map((r) => r.partialFingerprints.primaryLocationLineHash));
    expect(fingerprints.size).toBe(run.results.length);
  });
});
