import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'policy lint',
  summary: 'check the approval policy: strict parse, key ids, floors, expiry, satisfiable requirements',
  description:
    "Parses the approval policy strictly (duplicate keys, anchors, aliases, tags and unknown fields are errors), recomputes every key id, checks the class floors, expiry, that requirements can be met with any one requester excluded, and with --base-ref that a changed policy raised its version. Defaults to the manifest's replay.approvalPolicy in the working tree. Run it in CI on every change to the policy.",
  arguments: [{ name: 'file', description: "policy file (default: the manifest's replay.approvalPolicy)" }],
  options: [{ flags: '--base-ref <ref>', description: 'compare with the policy at this git ref (e.g. the PR base): the version must grow' }],
  examples: ['eventctl policy lint', 'eventctl policy lint policies/replay-approval.yaml --base-ref origin/main --format github'],
  async run(ctx, args, options) {
    const { policyLint } = await import('../src/approval/cli/policy-lint.js');
    return policyLint(ctx, args[0], options as { baseRef?: string });
  },
});
