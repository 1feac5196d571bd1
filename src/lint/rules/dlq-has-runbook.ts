import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'dlq-has-runbook',
    category: 'operability',
    defaultSeverity: 'warn',
    summary: 'When consumers declare DLQs, the manifest links a DLQ runbook (`runbooks.dlq`).',
    rationale:
      'A DLQ only contains failure if someone knows what to do with what lands in it: how to inspect it, when redriving is safe, who approves a redrive into an operational consumer. Without a runbook, messages sit until retention deletes them.',
    fix: 'Write the runbook (inspect with `eventctl dlq inspect`, fix, then `eventctl dlq redrive`) and link it as `runbooks: { dlq: docs/runbooks/dlq.md }`.',
    example: {
      bad: `runbooks:
  replay: docs/runbooks/replay.md`,
      good: `runbooks:
  replay: docs/runbooks/replay.md
  dlq: docs/runbooks/dlq.md`,
    },
  },
  check({ manifest }, report) {
    if (manifest.runbooks?.dlq) return;
    const first = manifest.consumers.findIndex((c) => c.dlq);
    if (first < 0) return;
    const count = manifest.consumers.filter((c) => c.dlq).length;
    report({
      subject: { kind: 'manifest', name: manifest.platform },
      pointer: manifest.runbooks ? '/runbooks' : consumerAt(first, 'dlq'),
      message: `${count} consumer${count === 1 ? ' declares a DLQ' : 's declare DLQs'} but there is no DLQ runbook (runbooks.dlq)`,
      hint: 'write the runbook and add runbooks: { dlq: <path> }',
    });
  },
});
