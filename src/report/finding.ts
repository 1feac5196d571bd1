import type { SourceLocation } from '../errors.js';

export type Severity = 'error' | 'warn' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info'];

const RANK: Record<Severity, number> = { error: 3, warn: 2, info: 1 };

export type SubjectKind =
  | 'manifest'
  | 'topic'
  | 'consumer'
  | 'bus'
  | 'workflow'
  | 'schema'
  | 'queue'
  | 'rule'
  | 'archive'
  | 'policy'
  | 'plan'
  | 'waiver';

/** The one result shape every checking command produces (lint, schema check, drift, review). */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  hint?: string;
  subject: { kind: SubjectKind; name: string };
  location?: SourceLocation;
  /** JSON pointer inside the subject, when the finding is about a part of it (schema changes). */
  path?: string;
}

/** What a formatter needs to explain a rule (SARIF rules, markdown links). */
export interface RuleDescriptor {
  id: string;
  summary: string;
  rationale: string;
  fix: string;
  defaultSeverity: Severity;
}

export interface Report {
  /** The command that produced it, e.g. `lint` or `schema check`. */
  command: string;
  findings: Finding[];
  rules: RuleDescriptor[];
  /** Extra, command-specific JSON kept alongside findings in `--format json`. */
  extra?: Record<string, unknown>;
}

export interface Summary {
  error: number;
  warn: number;
  info: number;
  total: number;
}

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { error: 0, warn: 0, info: 0, total: findings.length };
  for (const finding of findings) summary[finding.severity] += 1;
  return summary;
}

/** Errors first, then by file, line, rule: a stable order for every formatter. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[b.severity] - RANK[a.severity] ||
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      a.subject.name.localeCompare(b.subject.name),
  );
}

export function failsAt(findings: readonly Finding[], failOn: Severity): boolean {
  return findings.some((finding) => atOrAbove(finding.severity, failOn));
}
