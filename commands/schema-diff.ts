import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'schema diff',
  summary: 'compare two JSON Schemas with Confluent Schema Registry compatibility semantics',
  description:
    'Compares <old> and <new> (draft-07, 2019-09 or 2020-12; $refs resolved inside the repository only). Each change has a rule id, a JSON pointer and whether it breaks BACKWARD (new readers, old data) and FORWARD (old readers, new data). Exit 1 when the change is incompatible under --mode, 2 on bad input.',
  arguments: [
    { name: 'old', description: 'the previous schema file', required: true },
    { name: 'new', description: 'the new schema file', required: true },
  ],
  options: [
    { flags: '--mode <mode>', description: 'BACKWARD, FORWARD, FULL (each also _TRANSITIVE) or NONE', default: 'BACKWARD' },
    { flags: '--policy <policy>', description: 'strict (Confluent default) or lenient (tolerant readers)', default: 'strict', choices: ['strict', 'lenient'] },
  ],
  examples: [
    'eventctl schema diff schemas/v1.json schemas/v2.json',
    'eventctl schema diff old.json new.json --mode FULL --policy lenient',
    'eventctl schema diff old.json new.json --format json | jq .changes',
  ],
  async run(ctx, args, options) {
    const { schemaDiffCommand } = await import('../src/schema/diff-command.js');
    return schemaDiffCommand(ctx, args[0]!, args[1]!, { mode: options.mode as string, policy: options.policy as string });
  },
});
