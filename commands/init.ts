import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'init',
  summary: 'start a manifest: platform, buses, a first topic with a schema skeleton, a first consumer',
  description:
    'Writes the manifest (-m, default ./eventctl.yaml) and the first topic\'s JSON Schema skeleton. On a terminal it asks for what the flags did not give; elsewhere --platform, --topic, --consumer and --class are required. The consumer gets every obligation its class brings (operational: idempotency, side effects, DLQ, lag SLO; projection: rebuildable; workflow: workflow, correlation, dedupe) with starting values to confirm. Never overwrites without --force; the result passes `eventctl validate`.',
  options: [
    { flags: '--platform <name>', description: 'platform name' },
    { flags: '--bus <name>', description: 'an EventBridge bus (repeat for several; default: main)', repeatable: true },
    { flags: '--topic <name>', description: 'first topic, e.g. order.placed' },
    { flags: '--source <source>', description: 'its EventBridge source (default com.<platform>.<first word>)' },
    { flags: '--detail-type <type>', description: 'its detail-type (default from the topic: OrderPlaced)' },
    { flags: '--key <field>', description: 'field identifying the entity (default <first word>Id)' },
    { flags: '--owner <team>', description: 'owning team (default team-<platform>)' },
    { flags: '--consumer <name>', description: 'first consumer' },
    { flags: '--class <class>', description: 'its class', choices: ['operational', 'projection', 'workflow'] },
    { flags: '--side-effect <name>', description: 'operational: a side effect (repeatable)', repeatable: true },
    { flags: '--workflow <name>', description: 'workflow: the state machine it starts (default: the consumer name)' },
    { flags: '--region <region>', description: 'AWS region' },
    { flags: '--account <id>', description: 'AWS account id' },
    { flags: '--force', description: 'overwrite existing files' },
  ],
  examples: [
    'eventctl init',
    'eventctl init --platform shop --topic order.placed --consumer billing --class operational --side-effect payments-api',
  ],
  async run(ctx, _args, options) {
    const { initCommand } = await import('../src/init/init-command.js');
    return initCommand(ctx, options as Parameters<typeof initCommand>[1]);
  },
});
