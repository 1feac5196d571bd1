import { bundleFromValue } from './bundle.js';
import { compareDirected } from './modes.js';
import type { Policy } from './model.js';

/** One case in Confluent's diff-*.json format. */
export interface ConformanceCase {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  changes: string[];
  compatible: boolean;
  compatible_lenient?: boolean;
}

export interface Disagreement {
  file: string;
  index: number;
  description: string;
  policy: Policy;
  expected: boolean;
  actual: boolean;
  confluentChanges: string[];
  changes: string[];
  error?: string;
}

export interface ConformanceReport {
  strict: { agree: number; total: number };
  lenient: { agree: number; total: number };
  /** Only the cases that carry their own `compatible_lenient` verdict. */
  lenientSpecific: { agree: number; total: number };
  disagreements: Disagreement[];
}

/**
 * Runs each case as BACKWARD = compare(original, update) under STRICT, and under LENIENT
 * (`compatible_lenient` when given, else the STRICT verdict, which is what Confluent's test does).
 */
export async function runConformance(suites: { file: string; cases: ConformanceCase[] }[]): Promise<ConformanceReport> {
  const report: ConformanceReport = { strict: { agree: 0, total: 0 }, lenient: { agree: 0, total: 0 }, lenientSpecific: { agree: 0, total: 0 }, disagreements: [] };
  for (const { file, cases } of suites) {
    for (let index = 0; index < cases.length; index += 1) {
      const c = cases[index]!;
      for (const policy of ['strict', 'lenient'] as const) {
        const expected = policy === 'lenient' ? (c.compatible_lenient ?? c.compatible) : c.compatible;
        let actual = false;
        let changes: string[] = [];
        let error: string | undefined;
        try {
          const writer = await bundleFromValue(c.original_schema, 'original.json');
          const reader = await bundleFromValue(c.update_schema, 'update.json');
          const result = compareDirected(writer, reader, policy);
          actual = !result.breaks;
          changes = result.changes.map((ch) => `${ch.rule}:${ch.verdict} ${ch.rPath || '/'}`);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        const tally = report[policy];
        tally.total += 1;
        const agrees = actual === expected && !error;
        if (agrees) tally.agree += 1;
        else report.disagreements.push({ file, index, description: c.description, policy, expected, actual, confluentChanges: c.changes, changes, error });
        if (policy === 'lenient' && c.compatible_lenient !== undefined) {
          report.lenientSpecific.total += 1;
          if (agrees) report.lenientSpecific.agree += 1;
        }
      }
    }
  }
  return report;
}
