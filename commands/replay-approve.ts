import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'replay approve',
  summary: 'sign a replay or redrive plan as approver (or requester, or a veto with --reject)',
  description:
    "Shows the plan decoded from the exact bytes it signs, the policy's classification and limits, and the approvals so far; then writes one DSSE envelope (in-toto Statement, subject = the plan's sha256) into the plan directory. --key signs with an eventctl key (EVENTCTL_KEY_PASSPHRASE or a prompt); --ssh-key signs through `ssh-keygen -Y sign` with the policy's namespace (ssh-agent keys work). The policy is read from --policy-ref (default: the default branch) or --policy <file>.",
  arguments: [{ name: 'plan-dir', description: 'directory holding plan.json', required: true }],
  options: [
    { flags: '--key <file>', description: 'eventctl private key (from `key generate`)' },
    { flags: '--ssh-key <file>', description: 'SSH Ed25519 key (private key, or its .pub with the key in ssh-agent)' },
    { flags: '--role <role>', description: 'approver, or requester for the person asking', choices: ['approver', 'requester'], default: 'approver' },
    { flags: '--reject', description: 'sign a veto (or, as requester, withdraw the plan)' },
    { flags: '--comment <text>', description: 'a note stored in the signed statement' },
    { flags: '--ttl <minutes>', description: "how long the approval stays valid (default: the policy's maximum; never past the plan's expiry)" },
    POLICY_REF_OPTION,
    { flags: '--policy <file>', description: 'read the policy from a working-tree file instead (dry runs)' },
    { flags: '--yes', description: 'sign without the confirmation prompt' },
  ],
  examples: [
    'eventctl replay approve replays/inc-4821 --key ~/.eventctl/carol.key --role requester',
    'eventctl replay approve replays/inc-4821 --ssh-key ~/.ssh/id_ed25519',
    'eventctl replay approve replays/inc-4821 --key ~/.eventctl/bob.key --reject --comment "not idempotent yet"',
  ],
  async run(ctx, args, options) {
    const { replayApprove } = await import('../src/approval/cli/replay-approve.js');
    return replayApprove(ctx, args[0]!, options);
  },
});
