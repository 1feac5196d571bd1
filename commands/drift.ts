import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'drift',
  summary: 'compare the manifest with the live account: rules, targets, queues, DLQs, redrive policies, archives',
  description:
    'Reports missing or extra rules, targets, queues, DLQs, redrive policies (and maxReceiveCount) and archives, rule patterns that do not match the declared topics, and operational rules that accept replayed events (a warning). Exit 1 on drift (see --fail-on).',
  aws: true,
  examples: ['eventctl drift', 'eventctl drift --format sarif -o drift.sarif', 'eventctl drift --fail-on warn'],
  async run(ctx) {
    const { runDrift } = await import('../src/live/drift-run.js');
    return runDrift(ctx);
  },
});
