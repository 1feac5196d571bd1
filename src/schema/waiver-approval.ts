import { verify as cryptoVerify } from 'node:crypto';
import { canonicalBytes } from '../approval/canonical-json.js';
import { sameDigest, sha256Hex } from '../approval/digest.js';
import { INTOTO_PAYLOAD_TYPE, pae, parseEnvelope, signEnvelope, type DsseEnvelope, type Signer } from '../approval/dsse.js';
import { instantMs, toInstant } from '../approval/instant.js';
import type { LoadedPolicy, PolicyKey } from '../approval/policy.js';
import { INSTANT, ShapeReader, formatProblems } from '../approval/shape.js';
import { verifySshsig } from '../approval/sshsig.js';
import { readStatementFrame, STATEMENT_TYPE, type ApprovalDecision } from '../approval/statement.js';
import type { SchemaWaiver } from '../manifest/model.js';
import type { AffectedConsumer } from './affected-consumers.js';

/**
 * Schema waivers signed by the owners a break hurts. An approval is a DSSE envelope (the same
 * format, keys and signature schemes as replay approvals) carrying an in-toto Statement whose
 * subject is the digest of the waiver's fingerprint, rule, reason and expiry: editing any of them
 * voids the signatures. Verification is pure and offline: envelope bytes, the approval policy
 * (read from the base revision by the caller), the affected consumers and `now`.
 */
export const WAIVER_PREDICATE_TYPE = 'https://eventctl.dev/schema-waiver-approval/v1';

export interface WaiverPredicate {
  principal: string;
  decision: ApprovalDecision;
  fingerprint: string;
  signedAt: string;
  comment?: string;
}

export interface WaiverStatement {
  _type: typeof STATEMENT_TYPE;
  subject: [{ name: string; digest: { sha256: string } }];
  predicateType: typeof WAIVER_PREDICATE_TYPE;
  predicate: WaiverPredicate;
}

/** What the signatures cover. */
export function waiverDigest(waiver: Pick<SchemaWaiver, 'fingerprint' | 'rule' | 'reason' | 'expires'>): string {
  return sha256Hex(canonicalBytes({ fingerprint: waiver.fingerprint ?? '', rule: waiver.rule, reason: waiver.reason, expires: waiver.expires }));
}

export async function signWaiverApproval(input: {
  waiver: SchemaWaiver;
  principal: string;
  decision: ApprovalDecision;
  signer: Signer;
  now: Date;
  comment?: string;
}): Promise<DsseEnvelope> {
  const statement: WaiverStatement = {
    _type: STATEMENT_TYPE,
    subject: [{ name: `schema-waiver/${input.waiver.fingerprint ?? ''}`, digest: { sha256: waiverDigest(input.waiver) } }],
    predicateType: WAIVER_PREDICATE_TYPE,
    predicate: {
      principal: input.principal,
      decision: input.decision,
      fingerprint: input.waiver.fingerprint ?? '',
      signedAt: toInstant(input.now),
      ...(input.comment ? { comment: input.comment } : {}),
    },
  };
  return signEnvelope(INTOTO_PAYLOAD_TYPE, canonicalBytes(statement), input.signer);
}

export interface WaiverEnvelopeFile {
  name: string;
  bytes: Uint8Array;
}

export interface WaiverApprovalVerdict {
  /** Whether the waiver may accept the break. */
  valid: boolean;
  /** Why not (empty when valid). */
  reasons: string[];
  /** Principals whose approvals counted. */
  approvers: string[];
  /** Owners whose approval the break needs (those of consumers whose class requires approvals). */
  owners: string[];
  /** Whether no signature was needed: the policy requires none for the consumers the break reaches. */
  unsignedAllowed: boolean;
  /** One line per envelope that did not count, for messages. */
  ignored: string[];
}

/** A principal speaks for an owner when the owner is its name or one of its policy groups. */
function speaksFor(policy: LoadedPolicy, principal: string, owner: string): boolean {
  return principal === owner || policy.groupsOf(principal).includes(owner);
}

function verifySignature(key: PolicyKey, message: Buffer, signature: Buffer, namespace: string): boolean {
  // The policy fixes each key's scheme; the envelope never chooses the algorithm.
  if (key.scheme === 'ed25519') return signature.length === 64 && cryptoVerify(null, message, key.publicKey.keyObject, signature);
  return verifySshsig({ message, signature, publicKey: key.publicKey, namespace }).valid;
}

function parseWaiverStatement(payload: Uint8Array): WaiverStatement {
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  const r = new ShapeReader();
  const predicate = readStatementFrame(r, value, WAIVER_PREDICATE_TYPE);
  if (predicate !== undefined) {
    const p = r.object(predicate, '/predicate', ['principal', 'decision', 'fingerprint', 'signedAt', 'comment'], ['principal', 'decision', 'fingerprint', 'signedAt']);
    if (p) {
      r.string(p.principal, '/predicate/principal', { maxLength: 128 });
      r.oneOf(p.decision, '/predicate/decision', ['approve', 'reject'] as const);
      r.string(p.fingerprint, '/predicate/fingerprint', { maxLength: 64 });
      r.string(p.signedAt, '/predicate/signedAt', { pattern: INSTANT, patternName: 'a UTC instant' });
      r.optionalString(p.comment, '/predicate/comment', { maxLength: 1000 });
    }
  }
  if (r.problems.length > 0) throw new Error(formatProblems(r.problems).join('; '));
  return value as WaiverStatement;
}

/** One envelope: who signed what for this waiver, or why it does not count. Never throws. */
function checkWaiverEnvelope(file: WaiverEnvelopeFile, waiver: SchemaWaiver, policy: LoadedPolicy, nowMs: number): { principal: string; decision: ApprovalDecision } | { invalid: string } {
  let parsed: ReturnType<typeof parseEnvelope>;
  try {
    parsed = parseEnvelope(file.bytes, file.name);
  } catch (error) {
    return { invalid: (error as Error).message };
  }
  const { envelope, payload, signature } = parsed;
  // Signature first, over PAE (which covers payloadType); nothing is parsed before it verifies.
  const message = pae(envelope.payloadType, payload);
  const key = policy.keys.find((candidate) => verifySignature(candidate, message, signature, policy.sshNamespace));
  if (!key) return { invalid: 'no key in the approval policy verifies this signature' };
  if (key.notAfter && nowMs >= instantMs(key.notAfter)) return { invalid: `key ${key.id} of ${key.principal} expired at ${key.notAfter}` };
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE) return { invalid: `payloadType '${envelope.payloadType}' is not ${INTOTO_PAYLOAD_TYPE}` };
  let statement: WaiverStatement;
  try {
    statement = parseWaiverStatement(payload);
  } catch (error) {
    return { invalid: `not a schema waiver approval: ${(error as Error).message}` };
  }
  const p = statement.predicate;
  if (!sameDigest(statement.subject[0].digest.sha256, waiverDigest(waiver))) {
    return { invalid: `signed for another waiver text (fingerprint ${p.fingerprint}); any edit to fingerprint, rule, reason or expires voids it` };
  }
  if (p.principal !== key.principal) return { invalid: `names principal '${p.principal}' but was signed with a key of '${key.principal}'` };
  if (instantMs(p.signedAt) > nowMs + policy.maxSkewSeconds * 1000) return { invalid: `signed in the future (${p.signedAt})` };
  return { principal: p.principal, decision: p.decision };
}

/**
 * Whether a waiver may accept a break that reaches `affected`. The owners of affected consumers
 * whose class requires approvals under the policy must each approve (a principal named like the
 * owner, or in a policy group of that name); one signed reject from such an owner vetoes. When no
 * affected consumer's class requires approvals, the policy allows the waiver unsigned.
 */
export function verifyWaiverApprovals(input: {
  waiver: SchemaWaiver;
  envelopes: readonly WaiverEnvelopeFile[];
  policy: LoadedPolicy;
  affected: readonly AffectedConsumer[];
  now: Date;
}): WaiverApprovalVerdict {
  const { waiver, policy } = input;
  const nowMs = input.now.getTime();
  const reasons: string[] = [];
  const ignored: string[] = [];
  const needing = input.affected.filter((c) => policy.policy.classes[c.class]?.approvals.required !== false);
  for (const c of needing) if (!c.owner) reasons.push(`consumer ${c.name} (${c.class}) has no owner, so nobody can approve a break it suffers`);
  const owners = [...new Set(needing.map((c) => c.owner).filter((o): o is string => o !== undefined))].sort();
  const approving = new Set<string>();
  const rejecting = new Set<string>();
  if (nowMs >= instantMs(policy.policy.expires)) reasons.push(`the approval policy expired at ${policy.policy.expires}`);
  for (const file of input.envelopes) {
    const result = checkWaiverEnvelope(file, waiver, policy, nowMs);
    if ('invalid' in result) {
      ignored.push(`${file.name}: ${result.invalid}`);
      continue;
    }
    (result.decision === 'approve' ? approving : rejecting).add(result.principal);
  }
  const approvers = new Set<string>();
  for (const owner of owners) {
    const vetoes = [...rejecting].filter((p) => speaksFor(policy, p, owner));
    if (vetoes.length > 0) {
      reasons.push(`vetoed for ${owner} by ${vetoes.sort().join(', ')} (signed reject)`);
      continue;
    }
    const by = [...approving].filter((p) => speaksFor(policy, p, owner)).sort();
    if (by.length === 0) reasons.push(`needs an approval signed by ${owner} (owner of ${needing.filter((c) => c.owner === owner).map((c) => c.name).join(', ')})`);
    by.forEach((p) => approvers.add(p));
  }
  for (const p of approving) if (!approvers.has(p)) ignored.push(`${p} approved but owns none of the consumers this break reaches`);
  return { valid: reasons.length === 0, reasons, approvers: [...approvers].sort(), owners, unsignedAllowed: needing.length === 0, ignored };
}
