import { verify as cryptoVerify } from 'node:crypto';
import { EventctlError, InputError } from '../errors.js';
import { CONSUMER_CLASSES, type ConsumerClass } from '../manifest/model.js';
import { sameDigest } from './digest.js';
import { INTOTO_PAYLOAD_TYPE, pae, parseEnvelope } from './dsse.js';
import { instantMs, toInstant } from './instant.js';
import { findExecution, highestPolicyVersion, type JournalEntry } from './journal.js';
import { executionName, parsePlanBytes, type PlanArtifact, type PlanKind } from './plan.js';
import { eligiblePrincipals, parsePolicy, unmetRequirements, type LoadedPolicy, type PolicyKey } from './policy.js';
import { describePolicySource, type PolicySource } from './policy-source.js';
import { verifySshsig } from './sshsig.js';
import { parseStatement, type ApprovalDecision, type ApprovalRole } from './statement.js';

/**
 * The offline verdict on a plan: a pure function of (plan bytes, policy bytes and where they came
 * from, envelope bytes, journal, now). No I/O, no clock: `now` is read once by the caller and
 * every comparison uses it. Every reason is collected, not just the first.
 */
export const MAX_ENVELOPES = 64;

export type VerifyMode = 'verify' | 'run';

export interface EnvelopeFile {
  /** File name, for messages. */
  name: string;
  bytes: Uint8Array;
}

export interface VerifyInput {
  planBytes: Uint8Array;
  policyBytes: Uint8Array;
  policySource: PolicySource;
  envelopes: readonly EnvelopeFile[];
  now: Date;
  /** `run` additionally requires the policy to come from a git ref. Default `verify`. */
  mode?: VerifyMode;
  /** Executed plans; a recorded plan is refused (one-time use) and a lower policy version is a rollback. */
  journal?: readonly JournalEntry[];
  /**
   * The consumers the run really reaches, decided by the gate from resolved resources and the
   * trusted manifest (see gate.ts). When given, these (not the plan's own targets) decide which
   * classes' limits and approvals apply; the plan's `consumer`/`class` are then only cross-checks.
   */
  reached?: ReadonlyArray<{ consumer: string; class: ConsumerClass }>;
}

export type EnvelopeStatus = 'counted' | 'not-counted' | 'invalid';

export interface EnvelopeVerdict {
  name: string;
  status: EnvelopeStatus;
  principal?: string;
  keyId?: string;
  role?: ApprovalRole;
  decision?: ApprovalDecision;
  signedAt?: string;
  expires?: string;
  /** Why it is invalid or does not count. */
  reason?: string;
}

export interface Verdict {
  schemaVersion: 1;
  allowed: boolean;
  /** Why it is refused (empty when allowed). */
  reasons: string[];
  warnings: string[];
  mode: VerifyMode;
  checkedAt: string;
  plan?: {
    id: string;
    kind: PlanKind;
    digest: string;
    requester: string;
    createdAt: string;
    expiresAt: string;
    executionName: string;
  };
  policy?: { version: number; sha256: string; expires: string; source: PolicySource };
  /** Effective class of each target (the stricter of the plan's and the policy's pin). */
  targets: Array<{ consumer: string; class: ConsumerClass }>;
  approvalsRequired: boolean;
  requesterSigned: boolean;
  /** Distinct principals whose approvals counted. */
  approvers: string[];
  rejectedBy: string[];
  envelopes: EnvelopeVerdict[];
}

const STRICTNESS: Record<ConsumerClass, number> = { projection: 0, workflow: 1, operational: 2 };

function stricter(a: ConsumerClass, b: ConsumerClass): ConsumerClass {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}

function errorText(error: unknown): string {
  if (error instanceof InputError) {
    return [error.message, ...error.problems.map((p) => p.message)].join('; ');
  }
  if (error instanceof EventctlError || error instanceof Error) return error.message;
  return String(error);
}

interface CheckedEnvelope extends EnvelopeVerdict {
  valid: boolean;
}

interface EnvelopeContext {
  plan: PlanArtifact;
  policy: LoadedPolicy;
  nowMs: number;
  skewMs: number;
  maxApprovalTtlMinutes?: number;
}

function verifySignature(key: PolicyKey, message: Buffer, signature: Buffer, namespace: string): string | undefined {
  // The policy fixes each key's scheme; the envelope never chooses the algorithm.
  if (key.scheme === 'ed25519') {
    if (signature.length !== 64) return 'not a raw Ed25519 signature';
    return cryptoVerify(null, message, key.publicKey.keyObject, signature) ? undefined : 'Ed25519 signature does not verify';
  }
  const result = verifySshsig({ message, signature, publicKey: key.publicKey, namespace });
  return result.valid ? undefined : result.reason;
}

/** Verifies one envelope against the policy and plan; never throws. */
export function checkEnvelope(file: EnvelopeFile, ctx: EnvelopeContext): CheckedEnvelope {
  const invalid = (reason: string, extra: Partial<EnvelopeVerdict> = {}): CheckedEnvelope => ({ name: file.name, status: 'invalid', valid: false, reason, ...extra });
  let parsed: ReturnType<typeof parseEnvelope>;
  try {
    parsed = parseEnvelope(file.bytes, file.name);
  } catch (error) {
    return invalid(errorText(error));
  }
  const { envelope, payload, signature } = parsed;
  // 1. Signature first, over PAE (which authenticates payloadType); nothing is parsed before.
  const message = pae(envelope.payloadType, payload);
  const hint = envelope.signatures[0]?.keyid;
  const candidates = [...ctx.policy.keys].sort((a, b) => Number(b.id === hint) - Number(a.id === hint));
  let key: PolicyKey | undefined;
  const failures: string[] = [];
  for (const candidate of candidates) {
    const failure = verifySignature(candidate, message, signature, ctx.policy.sshNamespace);
    if (failure === undefined) {
      key = candidate;
      break;
    }
    failures.push(failure);
  }
  if (!key) {
    // Prefer a specific reason (wrong namespace, key type) over "not this key".
    const specific = failures.find((f) => !/different key|does not verify|not a raw Ed25519|malformed SSHSIG/.test(f));
    return invalid(specific ?? `no key in the policy verifies this signature (unknown or removed key${hint ? ` ${hint}` : ''})`);
  }
  const who = { principal: key.principal, keyId: key.id };
  if (key.notAfter && ctx.nowMs >= instantMs(key.notAfter)) return invalid(`key ${key.id} of ${key.principal} expired at ${key.notAfter}`, who);
  // 2. Then the type, 3. then parse.
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE) return invalid(`payloadType '${envelope.payloadType}' is not ${INTOTO_PAYLOAD_TYPE}`, who);
  let statement;
  try {
    statement = parseStatement(payload);
  } catch (error) {
    return invalid(errorText(error), who);
  }
  const p = statement.predicate;
  const details = { ...who, role: p.role, decision: p.decision, signedAt: p.signedAt, expires: p.expires };
  const subject = statement.subject[0].digest.sha256;
  if (!sameDigest(subject, ctx.plan.digest)) return invalid(`signed for another plan (digest ${subject.slice(0, 16)}…, this plan is ${ctx.plan.digest.slice(0, 16)}…)`, details);
  if (p.planId !== ctx.plan.plan.planId || p.planKind !== ctx.plan.plan.kind) return invalid(`signed for plan ${p.planKind} ${p.planId}, not this one`, details);
  if (!sameDigest(p.policySha256, ctx.plan.plan.policy.sha256)) return invalid('signed under a different approval policy than the plan pins', details);
  if (p.principal !== key.principal) return invalid(`names principal '${p.principal}' but was signed with a key of '${key.principal}'`, details);
  const signedAt = instantMs(p.signedAt);
  const expires = instantMs(p.expires);
  if (signedAt > ctx.nowMs + ctx.skewMs) return invalid(`signed in the future (${p.signedAt}; allowed clock skew ${ctx.skewMs / 1000}s)`, details);
  if (ctx.nowMs >= expires) return invalid(`expired at ${p.expires}`, details);
  if (expires <= signedAt) return invalid('expires before it was signed', details);
  if (ctx.maxApprovalTtlMinutes !== undefined && expires - signedAt > ctx.maxApprovalTtlMinutes * 60_000) {
    return invalid(`valid for longer than the policy allows (${ctx.maxApprovalTtlMinutes} minutes)`, details);
  }
  if (p.role === 'requester' && p.principal !== ctx.plan.plan.requester) {
    return invalid(`signed as requester, but the plan's requester is '${ctx.plan.plan.requester}'`, details);
  }
  return { name: file.name, status: 'counted', valid: true, ...details };
}

export function verifyApprovals(input: VerifyInput): Verdict {
  const mode = input.mode ?? 'verify';
  const nowMs = input.now.getTime();
  const verdict: Verdict = {
    schemaVersion: 1,
    allowed: false,
    reasons: [],
    warnings: [],
    mode,
    checkedAt: toInstant(input.now),
    targets: [],
    approvalsRequired: true,
    requesterSigned: false,
    approvers: [],
    rejectedBy: [],
    envelopes: [],
  };
  const refuse = (reason: string): void => void verdict.reasons.push(reason);

  // Policy: where it came from, valid, fresh, not rolled back.
  if (mode === 'run' && input.policySource.kind !== 'git') {
    refuse(`a run reads the approval policy from a protected git ref, not the working tree (${describePolicySource(input.policySource)})`);
  } else if (input.policySource.kind !== 'git') {
    verdict.warnings.push(`the policy was read from the working tree (${describePolicySource(input.policySource)}); \`run\` will read it from a git ref`);
  }
  let policy: LoadedPolicy;
  try {
    policy = parsePolicy(input.policyBytes, describePolicySource(input.policySource));
  } catch (error) {
    refuse(`the approval policy is invalid: ${errorText(error)}`);
    return verdict;
  }
  verdict.policy = { version: policy.policy.version, sha256: policy.sha256, expires: policy.policy.expires, source: input.policySource };
  const skewMs = policy.maxSkewSeconds * 1000;
  if (nowMs >= instantMs(policy.policy.expires)) refuse(`the approval policy expired at ${policy.policy.expires}`);
  const journal = input.journal ?? [];
  const highest = highestPolicyVersion(journal);
  if (highest !== undefined && policy.policy.version < highest) {
    refuse(`policy version ${policy.policy.version} is older than version ${highest} already used for a run (rollback)`);
  }

  // Plan: canonical bytes, pinned to this exact policy, fresh, not already executed.
  let plan: PlanArtifact;
  try {
    plan = parsePlanBytes(input.planBytes);
  } catch (error) {
    refuse(`the plan is invalid: ${errorText(error)}`);
    return verdict;
  }
  const p = plan.plan;
  verdict.plan = { id: p.planId, kind: p.kind, digest: plan.digest, requester: p.requester, createdAt: p.createdAt, expiresAt: p.expiresAt, executionName: executionName(p) };
  if (!sameDigest(p.policy.sha256, policy.sha256) || p.policy.version !== policy.policy.version) {
    refuse(`the plan was made under policy v${p.policy.version} (sha256 ${p.policy.sha256.slice(0, 12)}…) but the trusted policy is v${policy.policy.version} (sha256 ${policy.sha256.slice(0, 12)}…); any policy change voids a plan's approvals: make a new plan`);
  }
  if (instantMs(p.createdAt) > nowMs + skewMs) refuse(`the plan was created in the future (${p.createdAt})`);
  if (nowMs >= instantMs(p.expiresAt)) refuse(`the plan expired at ${p.expiresAt}`);
  if (instantMs(p.expiresAt) - instantMs(p.createdAt) > policy.maxPlanTtlMinutes * 60_000) {
    refuse(`the plan is valid for longer than the policy allows (${policy.maxPlanTtlMinutes} minutes)`);
  }
  const executed = findExecution(journal, { planId: p.planId, planDigest: plan.digest });
  if (executed) refuse(`the plan was already executed (${executed.executionName}, ${executed.state} at ${executed.at}); make a new plan`);

  // Classes: a plan may not claim a weaker class than the policy pins.
  const pins = policy.policy.consumers ?? {};
  for (const target of input.reached ?? []) {
    const pinned = pins[target.consumer];
    verdict.targets.push({ consumer: target.consumer, class: pinned ? stricter(pinned, target.class) : target.class });
  }
  for (const target of input.reached ? [] : p.targets) {
    const pinned = pins[target.consumer];
    if (pinned && STRICTNESS[pinned] > STRICTNESS[target.class]) {
      refuse(`target ${target.consumer} is listed as ${target.class}, but the policy pins it as ${pinned}`);
    }
    verdict.targets.push({ consumer: target.consumer, class: pinned ? stricter(pinned, target.class) : target.class });
  }
  const classes = CONSUMER_CLASSES.filter((c) => verdict.targets.some((t) => t.class === c));

  // Limits of every class the plan reaches.
  for (const cls of classes) {
    const limits = policy.policy.classes[cls].limits;
    if (p.window) {
      const minutes = (instantMs(p.window.end) - instantMs(p.window.start)) / 60_000;
      if (minutes > limits.maxWindowMinutes) refuse(`${cls}: the window is ${minutes} minutes, the limit is ${limits.maxWindowMinutes}`);
      if (instantMs(p.window.end) > nowMs - limits.minWindowAgeMinutes * 60_000) {
        refuse(`${cls}: the window must end at least ${limits.minWindowAgeMinutes} minutes ago (ends ${p.window.end})`);
      }
    }
    if (p.estimate.maxEvents > limits.maxEvents) refuse(`${cls}: the plan allows up to ${p.estimate.maxEvents} events, the limit is ${limits.maxEvents}`);
  }

  const required = classes.filter((c) => policy.policy.classes[c].approvals.required);
  verdict.approvalsRequired = required.length > 0;
  const ttls = required.map((c) => policy.policy.classes[c].approvals.maxApprovalTtlMinutes).filter((t): t is number => t !== undefined);
  const ctx: EnvelopeContext = { plan, policy, nowMs, skewMs, ...(ttls.length ? { maxApprovalTtlMinutes: Math.min(...ttls) } : {}) };

  if (input.envelopes.length > MAX_ENVELOPES) refuse(`${input.envelopes.length} signature files; at most ${MAX_ENVELOPES} are read`);
  const checked = input.envelopes.slice(0, MAX_ENVELOPES).map((file) => checkEnvelope(file, ctx));
  const valid = checked.filter((e) => e.valid);

  // Requester: signs the request (identity from the key), may withdraw it, never approves.
  const requester = p.requester;
  const requesterEnvelopes = valid.filter((e) => e.role === 'requester');
  verdict.requesterSigned = requesterEnvelopes.some((e) => e.decision === 'approve');
  if (requesterEnvelopes.some((e) => e.decision === 'reject')) refuse(`the requester ${requester} withdrew the plan (signed reject)`);
  const requesterMustSign = required.some((c) => policy.policy.classes[c].approvals.requesterMustSign !== false);
  if (requesterMustSign && !verdict.requesterSigned) refuse(`the requester ${requester} has not signed the plan (\`replay approve --role requester\`)`);

  const votes = valid.filter((e) => e.role === 'approver');
  for (const vote of votes) {
    if (vote.principal === requester) {
      vote.status = 'not-counted';
      vote.reason = 'self-approval: the requester does not count as an approver';
    }
  }
  const rejecting = new Set(votes.filter((v) => v.decision === 'reject').map((v) => v.principal!));
  const approving = new Set(votes.filter((v) => v.decision === 'approve' && v.principal !== requester && !rejecting.has(v.principal!)).map((v) => v.principal!));
  const counted = new Set<string>();
  const rejectedBy = new Set<string>();
  for (const cls of required) {
    const approvals = policy.policy.classes[cls].approvals;
    const eligible = new Set(eligiblePrincipals(policy, cls));
    const vetoes = [...rejecting].filter((principal) => eligible.has(principal));
    vetoes.forEach((v) => rejectedBy.add(v));
    if (approvals.vetoOnReject && vetoes.length > 0) refuse(`${cls}: vetoed by ${vetoes.join(', ')} (signed reject)`);
    const approvers = [...approving].filter((principal) => eligible.has(principal)).sort();
    approvers.forEach((a) => counted.add(a));
    for (const unmet of unmetRequirements(policy, cls, approvers)) refuse(unmet);
  }
  for (const vote of votes) {
    if (vote.status !== 'counted') continue;
    if (vote.decision === 'reject') continue;
    if (!verdict.approvalsRequired) {
      vote.status = 'not-counted';
      vote.reason = 'no approvals are needed for this plan';
    } else if (!counted.has(vote.principal!)) {
      vote.status = 'not-counted';
      vote.reason = rejecting.has(vote.principal!) ? 'the same principal also signed a reject' : `${vote.principal} is not eligible to approve ${required.join(', ')} consumers`;
    }
  }
  verdict.approvers = [...counted].sort();
  verdict.rejectedBy = [...rejectedBy].sort();
  verdict.envelopes = checked.map(({ valid: _valid, ...rest }) => rest);

  if (verdict.reasons.length > 0 && verdict.approvalsRequired) {
    for (const e of verdict.envelopes) {
      if (e.status !== 'counted' && e.reason) refuse(`${e.name} does not count: ${e.reason}`);
    }
  }
  verdict.allowed = verdict.reasons.length === 0;
  return verdict;
}
