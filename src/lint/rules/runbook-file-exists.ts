import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'runbook-file-exists',
    category: 'operability',
    defaultSeverity: 'error',
    summary: 'Every file under `runbooks:` exists in the repository.',
    rationale:
      'A runbook link that leads nowhere is found at the worst moment: by the on-call engineer following an alert. Paths rot when docs move; checking them in CI keeps the links honest.',
    fix: 'Fix the path (it is relative to the manifest), or add the runbook file.',
    example: {
      bad: `runbooks:
  dlq: docs/runbook/dlq.md   # the directory is runbooks/`,
      good: `runbooks:
  dlq: docs/runbooks/dlq.md`,
    },
  },
  check({ manifest, facts }, report) {
    for (const [key, fact] of Object.entries(facts.runbooks)) {
      if (fact.exists) continue;
      report({
        subject: { kind: 'manifest', name: manifest.platform },
        pointer: `/runbooks/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: `${key} runbook '${fact.path}' does not exist in the repository`,
        hint: 'fix the path (relative to the manifest) or add the file',
      });
    }
  },
});
