import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'schema rules',
  summary: 'list the schema-change rules, or explain one and how to evolve safely instead',
  arguments: [{ name: 'id', description: 'a rule id, e.g. property-removed' }],
  examples: ['eventctl schema rules', 'eventctl schema rules required-property-added', 'eventctl schema rules --format json'],
  async run(ctx, args) {
    const { schemaRulesCommand } = await import('../src/schema/rules-command.js');
    return schemaRulesCommand(ctx, args[0]);
  },
});
