import type { CommandContext } from '../context.js';
import { ExitCode, InternalError, UsageError } from '../errors.js';
import { approvalFileName, policyKeyFor, writeApproval } from '../approval/approval.js';
import { commandPolicyBytes, type PolicyFlags } from '../approval/cli/policy-input.js';
import { signerFromFlags } from '../approval/cli/signing-key.js';
import { encodeEnvelope } from '../approval/dsse.js';
import { parsePolicy } from '../approval/policy.js';
import { describePolicySource } from '../approval/policy-source.js';
import { confirmAction } from '../io/prompts.js';
import { resolveInsideRoot } from '../manifest/load.js';
import type { SchemaWaiver } from '../manifest/model.js';
import { signWaiverApproval, verifyWaiverApprovals } from './waiver-approval.js';

export interface WaiverApproveOptions extends PolicyFlags {
  key?: string;
  sshKey?: string;
  reject?: boolean;
  comment?: string;
  yes?: boolean;
}

/**
 * `eventctl schema waiver approve <fingerprint>`: signs the committed waiver with that fingerprint
 * (its fingerprint, rule, reason and expiry) into its `approvals` directory, as the principal that
 * owns the key in the approval policy (read from the default branch, like `schema check`).
 */
export async function schemaWaiverApprove(ctx: CommandContext, fingerprint: string, options: WaiverApproveOptions): Promise<number> {
  if ((options.key === undefined) === (options.sshKey === undefined)) {
    throw new UsageError('pass exactly one of --key <file> (eventctl key) or --ssh-key <file> (signed by ssh-keygen)');
  }
  const { policy: policyBytes, manifest: loaded } = await commandPolicyBytes(ctx, options);
  const manifestLoaded = loaded ?? (await ctx.loadManifest());
  const list = (manifestLoaded.manifest.schemaWaivers ?? []) as SchemaWaiver[];
  const index = list.findIndex((w) => w.fingerprint === fingerprint);
  const waiver = list[index];
  if (!waiver) throw new UsageError(`no schema waiver with fingerprint ${fingerprint} in ${manifestLoaded.relativeFile}`, { hint: 'add the waiver first (schema check prints the entry in its hint), then sign it' });
  if (waiver.approvals === undefined) {
    throw new UsageError(`schema waiver ${fingerprint} has no \`approvals\` directory`, { hint: 'add approvals: <dir> (relative to the manifest) to the waiver; the envelopes go there and are committed with it' });
  }
  const dir = resolveInsideRoot(waiver.approvals, manifestLoaded.dir, manifestLoaded.root, manifestLoaded.locate(`/schemaWaivers/${index}/approvals`), 'waiver approvals directory');
  const policy = parsePolicy(policyBytes.bytes, describePolicySource(policyBytes.source));

  const { signer, publicKey } = await signerFromFlags(ctx, options, policy.sshNamespace);
  const policyKey = policyKeyFor(policy, publicKey);
  if (!policyKey) throw new UsageError(`key ${publicKey.fingerprint} is not in the approval policy`, { hint: 'a key is added by a reviewed change to the policy' });
  const principal = policyKey.principal;
  const decision = options.reject ? 'reject' : 'approve';

  ctx.info(`schema waiver ${fingerprint} (${waiver.rule}): ${waiver.reason}; expires ${waiver.expires}`);
  ctx.info(`  signing as ${principal} (groups: ${policy.groupsOf(principal).join(', ') || 'none'}); it counts for consumers owned by one of these names`);
  await confirmAction(ctx, `Sign "${decision}" for schema waiver ${fingerprint} as ${principal}?`, { yes: options.yes });

  const now = ctx.now();
  const envelope = await signWaiverApproval({ waiver, principal, decision, signer, now, ...(options.comment ? { comment: options.comment } : {}) });
  const name = approvalFileName('approver', decision, principal, publicKey);
  // Check our own signature the way `schema check` will before writing it.
  const self = verifyWaiverApprovals({
    waiver, policy, now,
    envelopes: [{ name, bytes: Buffer.from(encodeEnvelope(envelope)) }],
    affected: [{ name: 'self-check', class: 'operational', owner: principal }],
  });
  if (self.ignored.length > 0) throw new InternalError(`the new signature does not verify: ${self.ignored.join('; ')}`);
  const file = await writeApproval(dir, name, envelope);
  if (ctx.global.format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, file, fingerprint, principal, decision, keyId: publicKey.fingerprint }, null, 2));
  } else {
    ctx.emit(`wrote ${file}\n${decision === 'approve' ? 'approved' : 'rejected'} schema waiver ${fingerprint} as ${principal}; commit the file with the waiver`);
  }
  return ExitCode.ok;
}
