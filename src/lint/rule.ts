import type { ConsumerClass } from '../manifest/model.js';
import type { Severity, SubjectKind } from '../report/finding.js';
import type { RuleCategory } from './categories.js';
import type { LintInput } from './lint-input.js';

export interface RuleExample {
  /** A manifest excerpt the rule flags. */
  bad: string;
  /** The same excerpt, fixed. */
  good: string;
}

export interface RuleMeta {
  /** Stable kebab-case id, equal to the rule's file name. Public API: never rename, deprecate instead. */
  id: string;
  category: RuleCategory;
  /** Severity in the recommended preset (or when a config names the rule without one). */
  defaultSeverity: Severity;
  /** Consumer classes the rule looks at; absent when it is not about consumers. */
  classes?: readonly ConsumerClass[];
  /** One line: what must hold. */
  summary: string;
  /** Why it matters: the failure it prevents. */
  rationale: string;
  /** What to write instead. */
  fix: string;
  example: RuleExample;
  /** The rule cannot be turned off, downgraded or waived (an expired waiver is always an error). */
  locked?: boolean;
}

/** What a rule reports; the engine adds rule id, severity and the file:line:column of `pointer`. */
export interface RawFinding {
  subject: { kind: SubjectKind; name: string };
  /** JSON pointer into the manifest of the offending entry (its line is where annotations go). */
  pointer: string;
  message: string;
  hint?: string;
  /** JSON pointer inside the subject (e.g. into a schema) when the finding is about part of it. */
  path?: string;
}

export type Report = (finding: RawFinding) => void;

export interface LintRule {
  meta: RuleMeta;
  /** Pure and synchronous: reads only `input`, reports through `report`. */
  check(input: LintInput, report: Report): void;
}

export function defineRule(rule: LintRule): LintRule {
  return rule;
}
