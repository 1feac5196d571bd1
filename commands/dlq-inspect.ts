import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'dlq inspect',
  summary: "a guarded peek at a consumer's DLQ: groups by error, validates against schemas, releases every message",
  description:
    "Reads the consumer's DLQ with long polling, hiding messages only for the length of the scan, then makes every message visible again (also on Ctrl-C and on errors). Refuses a DLQ that has its own redrive policy unless --force, warns for FIFO queues. Groups by EventBridge's DLQ attributes (ERROR_CODE, ERROR_MESSAGE, RULE_ARN, TARGET_ARN) or by source/detail-type, and validates each event against its topic schema. Reading raises each message's receive count.",
  arguments: [{ name: 'consumer', description: 'consumer whose DLQ to read', required: true }],
  options: [
    { flags: '--max <n>', description: 'read at most n messages (default: the approximate depth, at most 1000)' },
    { flags: '--wait-seconds <s>', description: 'long-poll wait per receive (1-20)', default: '2' },
    { flags: '--export <file.ndjson>', description: 'write every message read as NDJSON' },
    { flags: '--force', description: 'read even if the DLQ itself redrives to another queue' },
    { flags: '--target-dlq', description: "read the EventBridge target DLQ (a consumer's default when it has no queue DLQ)" },
  ],
  aws: true,
  examples: ['eventctl dlq inspect billing-charge', 'eventctl dlq inspect billing-charge --export dlq.ndjson --format json'],
  async run(ctx, args, options) {
    const { runDlqInspect } = await import('../src/live/dlq-inspect-run.js');
    return runDlqInspect(ctx, args[0]!, options);
  },
});
