#!/usr/bin/env node
// Runs Confluent Schema Registry's JSON Schema compatibility cases through eventctl's engine
// (BACKWARD, STRICT and LENIENT) and prints agreement and every disagreement. A tool, not a test:
// the case files stay in their own folder (CONFLUENT_CONFORMANCE_DIR or the first argument).
//   npm run conformance -- <dir> [--json]   (where the files come from: docs/schema-compatibility.md)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const json = args.includes('--json');
const dirArg = args.find((a) => !a.startsWith('--')) ?? process.env.CONFLUENT_CONFORMANCE_DIR;
if (!dirArg) {
  process.stderr.write('usage: npm run conformance -- <dir with diff-*.json cases> [--json]\n');
  process.exitCode = 2;
} else {
  const { runConformance } = await import('../dist/src/schema/conformance.js');
  const dir = resolve(dirArg);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const suites = files.map((file) => ({ file, cases: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
  const report = await runConformance(suites);
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const { strict, lenient } = report;
    process.stdout.write(`STRICT:  ${strict.agree}/${strict.total} agree with Confluent\n`);
    process.stdout.write(`LENIENT: ${lenient.agree}/${lenient.total} agree with Confluent (${report.lenientSpecific.agree}/${report.lenientSpecific.total} of the cases with their own compatible_lenient verdict)\n`);
    for (const d of report.disagreements) {
      process.stdout.write(`\n✗ [${d.policy}] ${d.file}#${d.index} ${d.description}\n`);
      process.stdout.write(`  Confluent: ${d.expected ? 'compatible' : 'incompatible'} (${d.confluentChanges.join(', ') || 'no changes'})\n`);
      process.stdout.write(`  eventctl:  ${d.actual ? 'compatible' : 'incompatible'} (${d.changes.join(', ') || 'no changes'})\n`);
      if (d.error) process.stdout.write(`  error: ${d.error}\n`);
    }
  }
}
