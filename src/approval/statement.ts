import { InputError } from '../errors.js';
import { canonicalBytes } from './canonical-json.js';
import { SHA256_HEX } from './digest.js';
import { INSTANT, ShapeReader, formatProblems } from './shape.js';
import type { PlanKind } from './plan.js';

/**
 * The in-toto Statement v1 an approval envelope carries: subject = the plan digest, predicate =
 * who decided what, when, under which policy, until when.
 */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const APPROVAL_PREDICATE_TYPE = 'https://eventctl.dev/approval/v1';

export type ApprovalRole = 'approver' | 'requester';
export type ApprovalDecision = 'approve' | 'reject';
export const APPROVAL_ROLES: readonly ApprovalRole[] = ['approver', 'requester'];
export const APPROVAL_DECISIONS: readonly ApprovalDecision[] = ['approve', 'reject'];

export interface ApprovalPredicate {
  role: ApprovalRole;
  /** For the requester, `approve` means "I request this plan"; `reject` withdraws it. */
  decision: ApprovalDecision;
  /** Must equal the principal that owns the verifying key. */
  principal: string;
  planId: string;
  planKind: PlanKind;
  /** The policy the signer saw; must equal the plan's pinned policy. */
  policySha256: string;
  signedAt: string;
  expires: string;
  comment?: string;
}

export interface ApprovalStatement {
  _type: typeof STATEMENT_TYPE;
  subject: [{ name: string; digest: { sha256: string } }];
  predicateType: typeof APPROVAL_PREDICATE_TYPE;
  predicate: ApprovalPredicate;
}

export function buildStatement(planDigest: string, predicate: ApprovalPredicate): ApprovalStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `${predicate.planKind}-plan/${predicate.planId}`, digest: { sha256: planDigest } }],
    predicateType: APPROVAL_PREDICATE_TYPE,
    predicate,
  };
}

/** Statement bytes (canonical, though only the signature, never canonicalisation, protects them). */
export function encodeStatement(statement: ApprovalStatement): Buffer {
  return canonicalBytes(statement);
}

/**
 * Reads the in-toto Statement frame every eventctl signature shares (its type, one subject with a
 * sha256 digest, the predicate type) and returns the predicate for the caller to read, or
 * undefined when the frame is broken (the problems are on `r`).
 */
export function readStatementFrame(r: ShapeReader, value: unknown, predicateType: string): unknown {
  const o = r.object(value, '', ['_type', 'subject', 'predicateType', 'predicate'], ['_type', 'subject', 'predicateType', 'predicate']);
  if (!o) return undefined;
  if (o._type !== STATEMENT_TYPE) r.fail('/_type', `must be ${STATEMENT_TYPE}`);
  if (o.predicateType !== predicateType) r.fail('/predicateType', `must be ${predicateType}`);
  const subjects = r.array(o.subject, '/subject', { min: 1, max: 1 });
  const subject = subjects ? r.object(subjects[0], '/subject/0', ['name', 'digest'], ['name', 'digest']) : undefined;
  if (subject) {
    r.string(subject.name, '/subject/0/name', { maxLength: 200 });
    const digest = r.object(subject.digest, '/subject/0/digest', ['sha256'], ['sha256']);
    if (digest) r.string(digest.sha256, '/subject/0/digest/sha256', { pattern: SHA256_HEX, patternName: 'a hex sha256' });
  }
  return o.predicate;
}

/** Parses a statement strictly; call only after its signature verified. */
export function parseStatement(payload: Uint8Array): ApprovalStatement {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (error) {
    throw new InputError(`statement is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
  const r = new ShapeReader();
  const predicate = readStatementFrame(r, value, APPROVAL_PREDICATE_TYPE);
  if (predicate !== undefined) {
    const p = r.object(predicate, '/predicate', ['role', 'decision', 'principal', 'planId', 'planKind', 'policySha256', 'signedAt', 'expires', 'comment'],
      ['role', 'decision', 'principal', 'planId', 'planKind', 'policySha256', 'signedAt', 'expires']);
    if (p) {
      r.oneOf(p.role, '/predicate/role', APPROVAL_ROLES);
      r.oneOf(p.decision, '/predicate/decision', APPROVAL_DECISIONS);
      r.string(p.principal, '/predicate/principal', { maxLength: 128 });
      r.string(p.planId, '/predicate/planId', { maxLength: 64 });
      r.oneOf(p.planKind, '/predicate/planKind', ['replay', 'redrive'] as const);
      r.string(p.policySha256, '/predicate/policySha256', { pattern: SHA256_HEX, patternName: 'a hex sha256' });
      r.string(p.signedAt, '/predicate/signedAt', { pattern: INSTANT, patternName: 'a UTC instant' });
      r.string(p.expires, '/predicate/expires', { pattern: INSTANT, patternName: 'a UTC instant' });
      r.optionalString(p.comment, '/predicate/comment', { maxLength: 1000 });
    }
  }
  if (r.problems.length > 0) throw new InputError(`statement: ${formatProblems(r.problems).join('; ')}`);
  return value as ApprovalStatement;
}
