import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'replay-has-runbook',
    category: 'operability',
    defaultSeverity: 'warn',
    summary: 'When a bus has an archive, the manifest links a replay runbook (`runbooks.replay`).',
    rationale:
      'A replay is the most dangerous repair on an event platform: it can repeat side effects across many consumers. The steps (plan, approvals, verification, watching lag) belong in a runbook written calmly in advance, not improvised during an incident.',
    fix: 'Write the runbook (`eventctl replay plan / approve / verify / run`, who approves, what to watch) and link it as `runbooks: { replay: docs/runbooks/replay.md }`.',
    example: {
      bad: `runbooks:
  dlq: docs/runbooks/dlq.md`,
      good: `runbooks:
  dlq: docs/runbooks/dlq.md
  replay: docs/runbooks/replay.md`,
    },
  },
  check({ manifest }, report) {
    if (manifest.runbooks?.replay) return;
    const archived = manifest.buses.findIndex((b) => b.archive);
    if (archived < 0) return;
    report({
      subject: { kind: 'manifest', name: manifest.platform },
      pointer: manifest.runbooks ? '/runbooks' : manifest.replay ? '/replay' : `/buses/${archived}/archive`,
      message: 'buses are archived for replay but there is no replay runbook (runbooks.replay)',
      hint: 'write the runbook and add runbooks: { replay: <path> }',
    });
  },
});
