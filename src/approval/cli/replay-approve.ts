import type { CommandContext } from '../../context.js';
import { ExitCode, InternalError, RefusedError, UsageError } from '../../errors.js';
import { confirmAction } from '../../io/prompts.js';
import { approvalFileName, createApproval, policyKeyFor, writeApproval } from '../approval.js';
import { readPlanDirectory } from '../plan-directory.js';
import { encodeEnvelope } from '../dsse.js';
import { readPlan } from '../plan.js';
import { parsePolicy } from '../policy.js';
import { describePolicySource } from '../policy-source.js';
import type { ApprovalRole } from '../statement.js';
import { verifyApprovals } from '../verify.js';
import { commandPolicyBytes, type PolicyFlags } from './policy-input.js';
import { signerFromFlags } from './signing-key.js';
import { renderPlan } from './render.js';

export interface ApproveOptions extends PolicyFlags {
  key?: string;
  sshKey?: string;
  role?: string;
  reject?: boolean;
  comment?: string;
  ttl?: string;
  yes?: boolean;
}

/**
 * `eventctl replay approve <plan-dir>`: shows the plan decoded from the exact bytes whose digest
 * it signs, with the policy's classification and limits, then writes one signed DSSE envelope.
 */
export async function replayApprove(ctx: CommandContext, planDir: string, options: ApproveOptions): Promise<number> {
  if ((options.key === undefined) === (options.sshKey === undefined)) {
    throw new UsageError('pass exactly one of --key <file> (eventctl key) or --ssh-key <file> (signed by ssh-keygen)');
  }
  const role = (options.role ?? 'approver') as ApprovalRole;
  if (role !== 'approver' && role !== 'requester') throw new UsageError(`--role must be approver or requester, not '${options.role}'`);
  const decision = options.reject ? 'reject' : 'approve';
  let ttlMinutes: number | undefined;
  if (options.ttl !== undefined) {
    ttlMinutes = Number(options.ttl);
    if (!Number.isSafeInteger(ttlMinutes) || ttlMinutes < 1) throw new UsageError('--ttl takes whole minutes');
  }
  const now = ctx.now();
  const dir = ctx.resolvePath(planDir);
  const plan = await readPlan(dir);
  const { policy: policyBytes } = await commandPolicyBytes(ctx, options);
  const policy = parsePolicy(policyBytes.bytes, describePolicySource(policyBytes.source));
  if (plan.plan.policy.sha256 !== policy.sha256) {
    throw new RefusedError('this plan was made under a different approval policy; an approval would be void', [
      `plan pins policy v${plan.plan.policy.version} sha256 ${plan.plan.policy.sha256}`,
      `trusted policy is v${policy.policy.version} sha256 ${policy.sha256} (${describePolicySource(policyBytes.source)})`,
    ], { hint: 'ask the requester for a new plan made under the current policy' });
  }

  const { signer, publicKey } = await signerFromFlags(ctx, options, policy.sshNamespace);
  const policyKey = policyKeyFor(policy, publicKey);
  if (!policyKey) {
    throw new UsageError(`key ${publicKey.fingerprint} is not in the approval policy`, { hint: 'a key is added by a reviewed change to the policy; `eventctl key generate` prints the snippet' });
  }
  const wanted = options.key !== undefined ? 'ed25519' : 'sshsig';
  if (policyKey.scheme !== wanted) {
    throw new UsageError(`the policy registers key ${policyKey.id} with scheme ${policyKey.scheme}`, {
      hint: policyKey.scheme === 'sshsig' ? 'sign with --ssh-key' : 'sign with --key',
    });
  }
  const principal = policyKey.principal;
  if (role === 'requester' && principal !== plan.plan.requester) {
    throw new UsageError(`only the plan's requester (${plan.plan.requester}) can sign as requester; this key belongs to ${principal}`);
  }

  const existing = (await readPlanDirectory(dir)).envelopes;
  const before = verifyApprovals({ planBytes: plan.bytes, policyBytes: policyBytes.bytes, policySource: policyBytes.source, envelopes: existing, now });
  ctx.info(renderPlan(plan, policy, ctx.errColor));
  ctx.info(`  current status: ${before.allowed ? 'allowed' : `refused (${before.reasons.length} reason${before.reasons.length === 1 ? '' : 's'})`}; approvers so far: ${before.approvers.join(', ') || 'none'}`);
  for (const reason of before.reasons) ctx.info(`    - ${reason}`);
  ctx.info('');
  await confirmAction(ctx, `Sign "${decision}" for plan ${plan.digest.slice(0, 16)}… as ${principal} (${role})?`, { yes: options.yes });

  const envelope = await createApproval({
    plan, policy, principal, role, decision, signer, now,
    ...(ttlMinutes !== undefined ? { ttlMinutes } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
  });
  // Check our own signature exactly as `verify` will before writing it.
  const name = approvalFileName(role, decision, principal, publicKey);
  const self = verifyApprovals({
    planBytes: plan.bytes, policyBytes: policyBytes.bytes, policySource: policyBytes.source, now,
    envelopes: [{ name, bytes: Buffer.from(encodeEnvelope(envelope)) }],
  }).envelopes[0];
  if (!self || self.status === 'invalid') {
    if (self?.reason && /valid for longer|expired|namespace/.test(self.reason)) throw new UsageError(`the signature would not count: ${self.reason}`);
    throw new InternalError(`the new signature does not verify: ${self?.reason ?? 'unknown'}`);
  }
  const file = await writeApproval(dir, name, envelope);
  if (ctx.global.format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, file, planId: plan.plan.planId, planDigest: plan.digest, principal, role, decision, keyId: publicKey.fingerprint }, null, 2));
  } else {
    ctx.emit(`wrote ${file}\n${role === 'requester' ? 'requested' : decision === 'approve' ? 'approved' : 'rejected'} plan ${plan.plan.planId} (sha256 ${plan.digest}) as ${principal}`);
  }
  return ExitCode.ok;
}
