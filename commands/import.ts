import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'import',
  summary: 'draft a manifest from a live account: buses, archives, rules → topics, targets → consumers',
  description:
    'Reads event buses (all, or --bus), their archives, rules and targets, and the target queues\' redrive policies, then writes a draft manifest (-m, default ./eventctl.yaml): topics from the rules\' (source, detail-type) pairs, a consumer per target with queue, DLQ and maxReceiveCount, and a class guessed from the rule\'s replay guard or names, marked "class guessed from …: confirm". Patterns it cannot reduce to topics, target DLQs, retry policies and non-SQS targets are kept as comments. --samples file.ndjson (EventBridge events, or `dlq inspect --export` lines) drafts JSON Schemas; otherwise schemas are left as TODO. The draft passes `validate`; `lint` lists what the team must still decide. Read-only; never overwrites without --force.',
  options: [
    { flags: '--platform <name>', description: 'platform name for the draft', default: 'imported' },
    { flags: '--bus <name>', description: 'import only this bus (repeatable; default: every bus with rules)', repeatable: true },
    { flags: '--samples <file>', description: 'NDJSON sample events to draft schemas from' },
    { flags: '--concurrency <n>', description: 'parallel AWS calls', default: '8' },
    { flags: '--force', description: 'overwrite existing files' },
  ],
  aws: true,
  examples: ['eventctl import --profile prod --platform shop -m eventctl.yaml', 'eventctl import --bus orders --samples dlq-export.ndjson'],
  async run(ctx, _args, options) {
    const { importCommand } = await import('../src/import/import-command.js');
    return importCommand(ctx, options as Parameters<typeof importCommand>[1]);
  },
});
