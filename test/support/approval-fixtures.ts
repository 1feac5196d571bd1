/**
 * Building blocks for approval tests (unit, e2e, and later replay/redrive run tests): keys,
 * policies, plans and signed approvals, all with an injected clock.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { dump } from 'js-yaml';
import { createApproval } from '../../src/approval/approval.js';
import { ed25519PublicKeyOf, formatSshPublicKeyLine, parseSshPublicKeyLine, type Ed25519PublicKey } from '../../src/approval/keys.js';
import { encodePlan, newPlan, parsePlanBytes, type NewPlanInput, type PlanArtifact } from '../../src/approval/plan.js';
import { parsePolicy, type KeyScheme, type LoadedPolicy } from '../../src/approval/policy.js';
import type { PolicySource } from '../../src/approval/policy-source.js';
import { ed25519Signer, nodeSshsigSigner } from '../../src/approval/signers.js';
import type { ApprovalDecision, ApprovalRole } from '../../src/approval/statement.js';
import type { EnvelopeFile, VerifyInput } from '../../src/approval/verify.js';
import { encodeEnvelope } from '../../src/approval/dsse.js';

export const FIXED_NOW = new Date('2026-11-29T10:00:00Z');
export const NAMESPACE = 'replay-approval@eventctl.dev';
export const GIT_SOURCE: PolicySource = { kind: 'git', ref: 'origin/main', commit: 'a'.repeat(40), path: 'policies/replay-approval.yaml' };

export interface TestKey {
  privateKey: KeyObject;
  publicKey: Ed25519PublicKey;
  publicLine: string;
  scheme: KeyScheme;
}

export function makeKey(scheme: KeyScheme = 'ed25519'): TestKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = ed25519PublicKeyOf(privateKey);
  return { privateKey, publicKey, publicLine: formatSshPublicKeyLine(publicKey, 'test'), scheme };
}

/** What a policy needs of a key (a TestKey, or a public key made by `eventctl key generate` / ssh-keygen). */
export type PublicTestKey = Pick<TestKey, 'publicKey' | 'publicLine' | 'scheme'>;

export interface PrincipalSpec {
  groups: string[];
  keys: PublicTestKey[];
}

/** A policy key entry from a one-line public key (e.g. a `.pub` file). */
export function publicKeyFromLine(line: string, scheme: KeyScheme): PublicTestKey {
  return { publicKey: parseSshPublicKeyLine(line), publicLine: line.trim(), scheme };
}

/** A policy as plain data (edit it in a test, then `policyText`). */
export function policyDocument(principals: Record<string, PrincipalSpec>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const limits = () => ({ maxWindowMinutes: 360, maxEvents: 50_000, minWindowAgeMinutes: 10 });
  return {
    apiVersion: 'eventctl/v1',
    kind: 'ApprovalPolicy',
    version: 7,
    expires: '2027-06-30T00:00:00Z',
    signing: { sshNamespace: NAMESPACE, maxClockSkewSeconds: 120 },
    plans: { maxTtlMinutes: 1440 },
    principals: Object.fromEntries(Object.entries(principals).map(([name, spec]) => [name, {
      groups: [...spec.groups],
      keys: spec.keys.map((k) => ({ id: k.publicKey.fingerprint, scheme: k.scheme, publicKey: k.publicLine })),
    }])),
    classes: {
      projection: { approvals: { required: false }, limits: { maxWindowMinutes: 4320, maxEvents: 5_000_000, minWindowAgeMinutes: 10 } },
      workflow: {
        approvals: { required: true, minDistinctApprovers: 1, requesterMustSign: true, vetoOnReject: true, maxApprovalTtlMinutes: 480 },
        limits: limits(),
      },
      operational: {
        approvals: {
          required: true,
          minDistinctApprovers: 2,
          requiredGroups: [{ anyOf: ['orders-owners'], count: 1 }, { anyOf: ['sre'], count: 1 }],
          requesterMustSign: true,
          vetoOnReject: true,
          maxApprovalTtlMinutes: 480,
        },
        limits: limits(),
      },
    },
    ...overrides,
  };
}

export function policyText(doc: Record<string, unknown>): string {
  return dump(doc, { noRefs: true });
}

export function loadPolicy(doc: Record<string, unknown>): LoadedPolicy {
  return parsePolicy(Buffer.from(policyText(doc)));
}

export function planInput(overrides: Partial<NewPlanInput> = {}): NewPlanInput {
  return {
    kind: 'replay',
    requester: 'carol',
    reason: 'INC-4821: billing-charge dropped events',
    aws: { account: '123456789012', region: 'eu-west-1' },
    archiveArn: 'arn:aws:events:eu-west-1:123456789012:archive/orders-archive',
    eventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders',
    window: { start: '2026-11-28T08:00:00Z', end: '2026-11-28T09:30:00Z' },
    targets: [{ consumer: 'billing-charge', class: 'operational', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/billing-charge' }],
    estimate: { events: 1200, maxEvents: 2000, method: 'cloudwatch-matched-events-v1' },
    ...overrides,
  };
}

export function makePlan(policy: LoadedPolicy, overrides: Partial<NewPlanInput> = {}, options: { now?: Date; ttlMinutes?: number; planId?: string } = {}): PlanArtifact {
  const plan = newPlan(planInput(overrides), {
    now: options.now ?? new Date(FIXED_NOW.getTime() - 30 * 60_000),
    ttlMinutes: options.ttlMinutes ?? 12 * 60,
    policy: { version: policy.policy.version, sha256: policy.sha256 },
    ...(options.planId ? { planId: options.planId } : {}),
  });
  return parsePlanBytes(encodePlan(plan));
}

export interface SignOptions {
  role?: ApprovalRole;
  decision?: ApprovalDecision;
  now?: Date;
  ttlMinutes?: number;
  namespace?: string;
  name?: string;
}

/** A signed approval file for `plan` by `principal` with `key` (scheme from the key). */
export async function signApproval(plan: PlanArtifact, policy: LoadedPolicy, principal: string, key: TestKey, options: SignOptions = {}): Promise<EnvelopeFile> {
  const signer = key.scheme === 'sshsig' ? nodeSshsigSigner(key.privateKey, options.namespace ?? policy.sshNamespace) : ed25519Signer(key.privateKey);
  const role = options.role ?? 'approver';
  const envelope = await createApproval({
    plan,
    policy,
    principal,
    role,
    decision: options.decision ?? 'approve',
    signer,
    now: options.now ?? new Date(FIXED_NOW.getTime() - 10 * 60_000),
    ...(options.ttlMinutes ? { ttlMinutes: options.ttlMinutes } : {}),
  });
  return { name: options.name ?? `${role}.${principal}.${key.publicKey.fingerprint.slice(7, 13).replace(/[^A-Za-z0-9]/g, '_')}.dsse.json`, bytes: Buffer.from(encodeEnvelope(envelope)) };
}

/**
 * The standard cast: carol requests (orders-owners + sre), alice (orders-owners) and bob (sre)
 * approve, dave (sre) is spare, erin (sshsig key, orders-owners) is spare. `allowed()` is the
 * baseline that passes; each threat test changes exactly one thing.
 */
export async function approvalScenario(options: { policyOverrides?: Record<string, unknown>; planOverrides?: Partial<NewPlanInput> } = {}) {
  const keys = { alice: makeKey(), bob: makeKey(), carol: makeKey(), dave: makeKey(), erin: makeKey('sshsig') };
  const principals: Record<string, PrincipalSpec> = {
    alice: { groups: ['orders-owners'], keys: [keys.alice] },
    bob: { groups: ['sre'], keys: [keys.bob] },
    carol: { groups: ['orders-owners', 'sre'], keys: [keys.carol] },
    dave: { groups: ['sre'], keys: [keys.dave] },
    erin: { groups: ['orders-owners'], keys: [keys.erin] },
  };
  const doc = policyDocument(principals, options.policyOverrides);
  const text = policyText(doc);
  const policy = parsePolicy(Buffer.from(text));
  const plan = makePlan(policy, options.planOverrides);
  const request = await signApproval(plan, policy, 'carol', keys.carol, { role: 'requester' });
  const alice = await signApproval(plan, policy, 'alice', keys.alice);
  const bob = await signApproval(plan, policy, 'bob', keys.bob);
  const input = (envelopes: EnvelopeFile[] = [request, alice, bob], extra: Partial<VerifyInput> = {}): VerifyInput => ({
    planBytes: plan.bytes,
    policyBytes: Buffer.from(text),
    policySource: GIT_SOURCE,
    envelopes,
    now: FIXED_NOW,
    mode: 'run',
    ...extra,
  });
  return { keys, principals, doc, text, policy, plan, request, alice, bob, input };
}
