import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'doctor',
  summary: 'check the setup (Node, git, manifest, policy, credentials, endpoint): one report to paste into a ticket',
  description:
    'Checks Node and git, finds and loads the manifest and the approval policy, says where AWS credentials would come from and, when there are some, who they belong to (STS GetCallerIdentity) and whether the endpoint answers. Offline checks need no credentials; missing pieces are named with what to do. Exit 1 when a check fails.',
  options: [{ flags: '--offline', description: 'skip the AWS identity and endpoint checks' }],
  aws: true,
  examples: ['eventctl doctor', 'eventctl doctor --format json', 'eventctl doctor --offline'],
  async run(ctx, _args, options) {
    const { runDoctor } = await import('../src/doctor/run.js');
    return runDoctor(ctx, options);
  },
});
