import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'replay verify',
  summary: 'the offline verdict on a plan and its approvals: exit 0 allowed, 3 refused (every reason listed)',
  description:
    'Answers "would this run?" offline: the same gate as `replay run` and `dlq redrive --plan`, with the manifest and approval policy read from the protected branch (origin/HEAD, else local main/master), the plan\'s resources mapped to the consumers that own them, and the repository journal. --policy-ref <other ref> and --policy <file> are labelled previews a run would refuse. No AWS call (a run also resolves each resource with AWS).',
  arguments: [{ name: 'plan-dir', description: 'directory holding plan.json and its signatures', required: true }],
  options: [
    POLICY_REF_OPTION,
    { flags: '--policy <file>', description: 'read the policy from a working-tree file instead' },
  ],
  examples: ['eventctl replay verify replays/inc-4821', 'eventctl replay verify replays/inc-4821 --policy-ref origin/main --format json'],
  async run(ctx, args, options) {
    const { replayVerify } = await import('../src/approval/cli/replay-verify.js');
    return replayVerify(ctx, args[0]!, options);
  },
});
