import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { CONSUMER_CLASSES } from '../manifest/model.js';
import { encodeEnvelope, INTOTO_PAYLOAD_TYPE, signEnvelope, type DsseEnvelope, type Signer } from './dsse.js';
import { addMinutes, instantMs, toInstant } from './instant.js';
import type { Ed25519PublicKey } from './keys.js';
import type { PlanArtifact } from './plan.js';
import type { LoadedPolicy, PolicyKey } from './policy.js';
import { buildStatement, encodeStatement, type ApprovalDecision, type ApprovalRole } from './statement.js';

/** Creating approval files (one signed DSSE envelope each) and reading them back from a plan directory. */
export const ENVELOPE_SUFFIX = '.dsse.json';
export const DEFAULT_APPROVAL_TTL_MINUTES = 8 * 60;

export interface CreateApprovalInput {
  plan: PlanArtifact;
  policy: LoadedPolicy;
  principal: string;
  role: ApprovalRole;
  decision: ApprovalDecision;
  signer: Signer;
  now: Date;
  /** Default: the policy's strictest maxApprovalTtlMinutes for the plan's classes, else 8 h; never past the plan's expiry. */
  ttlMinutes?: number;
  comment?: string;
}

/** The approval TTL the policy allows for this plan (strictest class it reaches). */
export function approvalTtlFor(plan: PlanArtifact, policy: LoadedPolicy): number {
  const ttls = CONSUMER_CLASSES.filter((c) => plan.plan.targets.some((t) => t.class === c))
    .map((c) => policy.policy.classes[c].approvals.maxApprovalTtlMinutes)
    .filter((t): t is number => t !== undefined);
  return ttls.length ? Math.min(...ttls) : DEFAULT_APPROVAL_TTL_MINUTES;
}

/** Builds the Statement for this plan and signs it into a one-signature envelope. */
export async function createApproval(input: CreateApprovalInput): Promise<DsseEnvelope> {
  const ttl = input.ttlMinutes ?? approvalTtlFor(input.plan, input.policy);
  const until = Math.min(addMinutes(input.now, ttl).getTime(), instantMs(input.plan.plan.expiresAt));
  const statement = buildStatement(input.plan.digest, {
    role: input.role,
    decision: input.decision,
    principal: input.principal,
    planId: input.plan.plan.planId,
    planKind: input.plan.plan.kind,
    policySha256: input.plan.plan.policy.sha256,
    signedAt: toInstant(input.now),
    expires: toInstant(new Date(until)),
    ...(input.comment ? { comment: input.comment } : {}),
  });
  return signEnvelope(INTOTO_PAYLOAD_TYPE, encodeStatement(statement), input.signer);
}

/** The policy key (and so the principal) a public key belongs to. */
export function policyKeyFor(policy: LoadedPolicy, publicKey: Ed25519PublicKey): PolicyKey | undefined {
  return policy.keys.find((k) => k.id === publicKey.fingerprint);
}

/** `request.carol.1f3a9c0e.dsse.json`, `approve.alice.7b2e0d41.dsse.json`, `reject.bob….dsse.json`. */
export function approvalFileName(role: ApprovalRole, decision: ApprovalDecision, principal: string, publicKey: Ed25519PublicKey): string {
  const kid8 = createHash('sha256').update(publicKey.blob).digest('hex').slice(0, 8);
  const verb = role === 'requester' ? (decision === 'approve' ? 'request' : 'withdraw') : decision;
  return `${verb}.${principal}.${kid8}${ENVELOPE_SUFFIX}`;
}

/** Writes an envelope beside the plan; refuses to overwrite an existing signature file. */
export async function writeApproval(dir: string, fileName: string, envelope: DsseEnvelope): Promise<string> {
  const file = join(dir, fileName);
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${file} already exists`, { hint: 'delete it first if you mean to sign again' });
    }
    throw error;
  }
  try {
    await handle.writeFile(encodeEnvelope(envelope));
  } finally {
    await handle.close();
  }
  return file;
}

