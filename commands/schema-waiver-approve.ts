import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'schema waiver approve',
  summary: 'sign a schema waiver as an owner of the consumers the break reaches',
  description:
    "Signs the manifest's schemaWaivers entry with this fingerprint (its fingerprint, rule, reason and expiry) with a DSSE envelope, the same format and keys as replay approvals, into the waiver's `approvals` directory. `schema check` verifies the envelopes offline against the approval policy at the base revision: each owner of an affected consumer whose class requires approvals must sign (a principal of that name, or in a policy group of that name). --reject signs a veto.",
  arguments: [{ name: 'fingerprint', description: 'the waiver fingerprint (from the schema check hint)', required: true }],
  options: [
    { flags: '--key <file>', description: 'eventctl private key (from `key generate`)' },
    { flags: '--ssh-key <file>', description: 'SSH Ed25519 key (private key, or its .pub with the key in ssh-agent)' },
    { flags: '--reject', description: 'sign a veto instead of an approval' },
    { flags: '--comment <text>', description: 'a note stored in the signed statement' },
    POLICY_REF_OPTION,
    { flags: '--policy <file>', description: 'read the policy from a working-tree file instead (dry runs)' },
    { flags: '--yes', description: 'sign without the confirmation prompt' },
  ],
  examples: [
    'eventctl schema waiver approve 939419bff127 --key ~/.eventctl/alice.key',
    'eventctl schema waiver approve 939419bff127 --ssh-key ~/.ssh/id_ed25519 --reject --comment "billing still reads amount"',
  ],
  async run(ctx, args, options) {
    const { schemaWaiverApprove } = await import('../src/schema/waiver-approve.js');
    return schemaWaiverApprove(ctx, args[0]!, options);
  },
});
