import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'replay verify',
  summary: 'the offline verdict on a plan and its approvals: exit 0 allowed, 3 refused (every reason listed)',
  description:
    'Verifies plan.json (canonical bytes) and every *.dsse.json beside it against the approval policy read from --policy-ref (default: the default branch) or --policy <file>, and the local journal of executed plans. No AWS call. `replay run` repeats this and additionally refuses a policy that did not come from git.',
  arguments: [{ name: 'plan-dir', description: 'directory holding plan.json and its signatures', required: true }],
  options: [
    POLICY_REF_OPTION,
    { flags: '--policy <file>', description: 'read the policy from a working-tree file instead' },
    { flags: '--journal <file>', description: 'journal of executed plans (default: .eventctl/journal.jsonl next to the manifest)' },
  ],
  examples: ['eventctl replay verify replays/inc-4821', 'eventctl replay verify replays/inc-4821 --policy-ref origin/main --format json'],
  async run(ctx, args, options) {
    const { replayVerify } = await import('../src/approval/cli/replay-verify.js');
    return replayVerify(ctx, args[0]!, options);
  },
});
