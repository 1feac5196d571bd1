import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'rules',
  summary: 'list the lint rules, or explain one',
  description:
    'Without an id: every lint rule by category, with its severity in the recommended and strict presets. With an id: why the rule exists, how to fix a finding, an example and how to waive it. --format json or markdown for tooling and docs.',
  arguments: [{ name: 'id', description: 'a rule id, e.g. operational-has-dlq' }],
  examples: ['eventctl rules', 'eventctl rules idempotency-window-covers-replay', 'eventctl rules --format json | jq ".rules[].id"'],
  async run(ctx, args) {
    const { rulesCommand } = await import('../src/lint/rules-command.js');
    return rulesCommand(ctx, args[0]);
  },
});
