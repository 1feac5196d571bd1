import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'replay run',
  summary: 'verify a plan and its approvals, preflight the account, then start the replay and follow it',
  description:
    'Reads the manifest and approval policy from the protected branch (origin/HEAD, else local main/master; never the working tree, which must agree with it), maps every rule in FilterArns through that manifest to the consumers that own them (resolved with DescribeRule), verifies the plan and its approvals against the strictest class reached and the repository journal (.eventctl/ at the git top level; one-time use), then checks the account read-only (account, archive ENABLED, every target rule unchanged since planning, window at least 10 minutes old, a fresh estimate within the cap), asks for confirmation (or --yes; never prompts without a terminal, in CI or with --format json), calls StartReplay with FilterArns = the plan\'s rules and ReplayName = ectl-<planId>, journals it, and follows DescribeReplay with a progress bar on stderr. Ctrl-C offers CancelReplay (cancels without asking with --yes). Exit 3 before any AWS write when a requirement is unmet, each one listed.',
  arguments: [{ name: 'plan-dir', description: 'directory holding plan.json and its approvals', required: true }],
  options: [
    { flags: '--yes', description: 'start without the confirmation prompt (and cancel on Ctrl-C without asking)' },
    POLICY_REF_OPTION,
    { flags: '--no-wait', description: 'start and return without following progress' },
    { flags: '--poll-interval <seconds>', description: 'DescribeReplay interval while following', default: '10' },
  ],
  aws: true,
  examples: ['eventctl replay run replays/inc-4821', 'eventctl replay run replays/inc-4821 --yes --policy-ref origin/main --format json'],
  async run(ctx, args, options) {
    const { runReplayRun } = await import('../src/live/replay-run.js');
    return runReplayRun(ctx, args[0]!, options);
  },
});
