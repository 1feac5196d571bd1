import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'schema check',
  summary: 'check every topic schema in the working tree against a git revision',
  description:
    'Compares each topic\'s schema (matched by topic name, so moved files are not delete+add) with the same topic at --against (default: the merge-base of HEAD with the default branch), using the topic\'s compatibility and policy from the manifest (defaults.compatibility / defaults.policy otherwise). Transitive modes check every earlier version in git history. Removed topics break; new topics are info. A break names the consumers it reaches and their owners (consumers[].reads narrows that; a break nobody reads is info); a property removed before its x-sunset is an error. Intentional breaks are accepted by a major version bump or a schemaWaivers entry, signed by the affected owners when the approval policy at the base revision requires it. Reads blobs with git, never clones. Exit 1 at --fail-on, 2 on input errors, a missing ref or a shallow clone.',
  options: [
    { flags: '--against <rev>', description: 'git revision to compare with (default: merge-base of HEAD with the default branch)' },
    { flags: '--mode <mode>', description: 'override every topic\'s compatibility mode' },
    { flags: '--policy <policy>', description: 'override every topic\'s policy (strict or lenient)', choices: ['strict', 'lenient'] },
  ],
  examples: [
    'eventctl schema check',
    'eventctl schema check --against origin/main --format github',
    'eventctl schema check --against v1.4.0 --format sarif -o schema.sarif',
  ],
  async run(ctx, _args, options) {
    const { schemaCheckCommand } = await import('../src/schema/check-command.js');
    return schemaCheckCommand(ctx, { against: options.against as string | undefined, mode: options.mode as string | undefined, policy: options.policy as string | undefined });
  },
});
