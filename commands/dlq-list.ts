import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'dlq list',
  summary: 'depth and age of oldest message for every declared DLQ, with its consumer and class',
  aws: true,
  examples: ['eventctl dlq list', 'eventctl dlq list --format json'],
  async run(ctx) {
    const { runDlqList } = await import('../src/live/dlq-list-run.js');
    return runDlqList(ctx);
  },
});
