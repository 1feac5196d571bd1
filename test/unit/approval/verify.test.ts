import { describe, expect, it } from 'vitest';
import { encodeEnvelope, pae, parseEnvelope } from '../../../src/approval/dsse.js';
import { canonicalize } from '../../../src/approval/canonical-json.js';
import { parsePolicy } from '../../../src/approval/policy.js';
import { createSshsig } from '../../../src/approval/sshsig.js';
import { verifyApprovals, type EnvelopeFile } from '../../../src/approval/verify.js';
import type { JournalEntry } from '../../../src/approval/journal.js';
import {
  approvalScenario, FIXED_NOW, makeKey, makePlan, policyDocument, policyText, signApproval,
} from '../../support/approval-fixtures.js';

const minutes = (n: number) => n * 60_000;

function reasonsOf(verdict: { reasons: string[] }): string {
  return verdict.reasons.join('\n');
}

describe('verifyApprovals: the baseline', () => {
  it('allows an operational plan with the requester and two eligible distinct approvers', async () => {
    const s = await approvalScenario();
    const verdict = verifyApprovals(s.input());
    expect(verdict.reasons).toEqual([]);
    expect(verdict.allowed).toBe(true);
    expect(verdict.approvers).toEqual(['alice', 'bob']);
    expect(verdict.requesterSigned).toBe(true);
    expect(verdict.plan?.executionName).toBe(`ectl-${s.plan.plan.planId}`);
  });

  it('allows a projection-only plan with no approvals at all', async () => {
    const s = await approvalScenario({ planOverrides: { targets: [{ consumer: 'orders-read-model', class: 'projection', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/orders-read-model' }] } });
    const verdict = verifyApprovals(s.input([]));
    expect(verdict.reasons).toEqual([]);
    expect(verdict.allowed).toBe(true);
    expect(verdict.approvalsRequired).toBe(false);
  });

  it('refuses an operational plan without approvals, listing every reason', async () => {
    const s = await approvalScenario();
    const verdict = verifyApprovals(s.input([]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/requester carol has not signed/);
    expect(reasonsOf(verdict)).toMatch(/needs 2 distinct approvers/);
    expect(reasonsOf(verdict)).toMatch(/from orders-owners/);
    expect(reasonsOf(verdict)).toMatch(/from sre/);
  });

  it('refuses with one approver and allows once a second eligible one signs', async () => {
    const s = await approvalScenario();
    expect(verifyApprovals(s.input([s.request, s.alice])).allowed).toBe(false);
    expect(verifyApprovals(s.input([s.request, s.alice, s.bob])).allowed).toBe(true);
  });

  it('a workflow target needs approval too', async () => {
    const s = await approvalScenario({ planOverrides: { targets: [{ consumer: 'fulfilment-starter', class: 'workflow', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/fulfilment-starter' }] } });
    expect(verifyApprovals(s.input([s.request])).allowed).toBe(false);
    expect(verifyApprovals(s.input([s.request, s.alice])).allowed).toBe(true);
  });
});

describe('verifyApprovals: one test per threat', () => {
  it('T1 approval for another plan does not count', async () => {
    const s = await approvalScenario();
    const other = makePlan(s.policy, { window: { start: '2026-11-28T07:00:00Z', end: '2026-11-28T09:30:00Z' } });
    const bobForOther = await signApproval(other, s.policy, 'bob', s.keys.bob);
    const verdict = verifyApprovals(s.input([s.request, s.alice, bobForOther]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/signed for another plan/);
  });

  it('T1 an approval naming this digest but another planId does not count', async () => {
    const s = await approvalScenario();
    // Re-sign bob's statement with a wrong planId but the right digest.
    const { payload } = parseEnvelope(s.bob.bytes);
    const statement = JSON.parse(payload.toString()) as { predicate: { planId: string } };
    statement.predicate.planId = '00000000-0000-4000-8000-000000000000';
    const bytes = Buffer.from(canonicalize(statement));
    const { sign } = await import('node:crypto');
    const sig = sign(null, pae('application/vnd.in-toto+json', bytes), s.keys.bob.privateKey);
    const forged: EnvelopeFile = { name: 'bob-forged.dsse.json', bytes: Buffer.from(encodeEnvelope({ payloadType: 'application/vnd.in-toto+json', payload: bytes.toString('base64'), signatures: [{ sig: sig.toString('base64') }] })) };
    const verdict = verifyApprovals(s.input([s.request, s.alice, forged]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/signed for plan replay 00000000/);
  });

  it('T3 an expired approval does not count', async () => {
    const s = await approvalScenario();
    const stale = await signApproval(s.plan, s.policy, 'bob', s.keys.bob, { now: new Date(FIXED_NOW.getTime() - minutes(29)), ttlMinutes: 15 });
    const verdict = verifyApprovals(s.input([s.request, s.alice, stale]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/bob.*expired at/s);
  });

  it('T3 an approval valid for longer than the policy TTL does not count', async () => {
    const s = await approvalScenario();
    const tooLong = await signApproval(s.plan, s.policy, 'bob', s.keys.bob, { ttlMinutes: 600 });
    // The plan expires 11.5 h after FIXED_NOW - 10 min, so 600 min is not clipped by the plan expiry.
    const verdict = verifyApprovals(s.input([s.request, s.alice, tooLong]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/longer than the policy allows \(480 minutes\)/);
  });

  it('T3 an expired plan is refused', async () => {
    const s = await approvalScenario();
    const verdict = verifyApprovals(s.input(undefined, { now: new Date(Date.parse(s.plan.plan.expiresAt) + 1000) }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/the plan expired at/);
  });

  it('T4 an expired policy is refused', async () => {
    const s = await approvalScenario({ policyOverrides: { expires: '2026-11-29T09:59:59Z' } });
    const verdict = verifyApprovals(s.input());
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/approval policy expired at 2026-11-29T09:59:59Z/);
  });

  it('T4 a policy version lower than one already used for a run is a rollback', async () => {
    const s = await approvalScenario();
    const journal: JournalEntry[] = [{ v: 1, planId: '11111111-1111-4111-8111-111111111111', planDigest: 'f'.repeat(64), kind: 'replay', executionName: 'ectl-1', policyVersion: 8, policySha256: 'e'.repeat(64), state: 'completed', at: '2026-11-20T00:00:00Z' }];
    const verdict = verifyApprovals(s.input(undefined, { journal }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/older than version 8 .*rollback/);
  });

  it('T5 a removed approver no longer counts', async () => {
    const s = await approvalScenario();
    // The policy (and a new plan under it) no longer lists bob; bob signs anyway with his old key.
    const { bob: _removed, ...rest } = s.principals;
    const text = policyText(policyDocument(rest, { version: 8 }));
    const policy = parsePolicy(Buffer.from(text));
    const plan = makePlan(policy);
    const envelopes = [
      await signApproval(plan, policy, 'carol', s.keys.carol, { role: 'requester' }),
      await signApproval(plan, policy, 'alice', s.keys.alice),
      await signApproval(plan, policy, 'bob', s.keys.bob),
    ];
    const verdict = verifyApprovals({ ...s.input(envelopes), planBytes: plan.bytes, policyBytes: Buffer.from(text) });
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/no key in the policy verifies this signature/);
    // dave (still listed) can take bob's place.
    const dave = await signApproval(plan, policy, 'dave', s.keys.dave);
    expect(verifyApprovals({ ...s.input([...envelopes, dave]), planBytes: plan.bytes, policyBytes: Buffer.from(text) }).allowed).toBe(true);
  });

  it('T5 an approver whose key passed notAfter no longer counts', async () => {
    const s = await approvalScenario();
    const doc = policyDocument(s.principals);
    const principals = doc.principals as Record<string, { keys: Array<Record<string, unknown>> }>;
    principals.bob!.keys[0]!.notAfter = '2026-11-29T09:00:00Z';
    const text = policyText(doc);
    const policy = parsePolicy(Buffer.from(text));
    const plan = makePlan(policy);
    const envelopes = [
      await signApproval(plan, policy, 'carol', s.keys.carol, { role: 'requester' }),
      await signApproval(plan, policy, 'alice', s.keys.alice),
      await signApproval(plan, policy, 'bob', s.keys.bob),
    ];
    const verdict = verifyApprovals({ ...s.input(envelopes), planBytes: plan.bytes, policyBytes: Buffer.from(text) });
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/key SHA256:.* of bob expired/);
  });

  it('T6 the requester approving their own plan does not count', async () => {
    const s = await approvalScenario();
    const selfApproval = await signApproval(s.plan, s.policy, 'carol', s.keys.carol);
    const verdict = verifyApprovals(s.input([s.request, s.alice, selfApproval]));
    expect(verdict.allowed).toBe(false);
    expect(verdict.approvers).toEqual(['alice']);
    expect(reasonsOf(verdict)).toMatch(/self-approval/);
  });

  it('T6 the requester must sign, and only the plan\'s requester can', async () => {
    const s = await approvalScenario();
    const daveAsRequester = await signApproval(s.plan, s.policy, 'dave', s.keys.dave, { role: 'requester' });
    const verdict = verifyApprovals(s.input([daveAsRequester, s.alice, s.bob]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/signed as requester, but the plan's requester is 'carol'/);
    expect(reasonsOf(verdict)).toMatch(/requester carol has not signed/);
  });

  it('T6 a statement naming another principal than the key owner does not count', async () => {
    const s = await approvalScenario();
    // dave signs a statement that claims to be from bob.
    const fake = await signApproval(s.plan, s.policy, 'bob', s.keys.dave);
    const verdict = verifyApprovals(s.input([s.request, s.alice, fake]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/names principal 'bob' but was signed with a key of 'dave'/);
  });

  it('T7 one person with two keys counts once', async () => {
    const s = await approvalScenario();
    const alice2 = makeKey();
    const principals = { ...s.principals, alice: { groups: ['orders-owners', 'sre'], keys: [s.keys.alice, alice2] } };
    const text = policyText(policyDocument(principals));
    const policy = parsePolicy(Buffer.from(text));
    const plan = makePlan(policy);
    const envelopes = [
      await signApproval(plan, policy, 'carol', s.keys.carol, { role: 'requester' }),
      await signApproval(plan, policy, 'alice', s.keys.alice, { name: 'a1.dsse.json' }),
      await signApproval(plan, policy, 'alice', alice2, { name: 'a2.dsse.json' }),
    ];
    const verdict = verifyApprovals({ ...s.input(envelopes), planBytes: plan.bytes, policyBytes: Buffer.from(text) });
    expect(verdict.allowed).toBe(false);
    expect(verdict.approvers).toEqual(['alice']);
    expect(reasonsOf(verdict)).toMatch(/needs 2 distinct approvers .* has 1/);
  });

  it('T7 a second copy of the same approval counts once', async () => {
    const s = await approvalScenario();
    const verdict = verifyApprovals(s.input([s.request, s.alice, { ...s.alice, name: 'copy.dsse.json' }]));
    expect(verdict.allowed).toBe(false);
    expect(verdict.approvers).toEqual(['alice']);
  });

  it('group requirements: two approvers from the same group are not enough', async () => {
    const s = await approvalScenario();
    const erin = await signApproval(s.plan, s.policy, 'erin', s.keys.erin);
    const verdict = verifyApprovals(s.input([s.request, s.alice, erin]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/needs 1 approver from sre, has 0/);
  });

  it('eligibleGroups: a principal outside them does not count', async () => {
    const s = await approvalScenario();
    const doc = policyDocument(s.principals);
    const classes = doc.classes as Record<string, { approvals: Record<string, unknown> }>;
    classes.operational!.approvals.eligibleGroups = ['sre'];
    classes.operational!.approvals.requiredGroups = [{ anyOf: ['sre'], count: 1 }];
    const text = policyText(doc);
    const policy = parsePolicy(Buffer.from(text));
    const plan = makePlan(policy);
    const envelopes = [
      await signApproval(plan, policy, 'carol', s.keys.carol, { role: 'requester' }),
      await signApproval(plan, policy, 'alice', s.keys.alice),
      await signApproval(plan, policy, 'bob', s.keys.bob),
    ];
    const verdict = verifyApprovals({ ...s.input(envelopes), planBytes: plan.bytes, policyBytes: Buffer.from(text) });
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/alice is not eligible/);
  });

  it('veto: one signed reject from an eligible approver blocks the run', async () => {
    const s = await approvalScenario();
    const daveRejects = await signApproval(s.plan, s.policy, 'dave', s.keys.dave, { decision: 'reject' });
    const verdict = verifyApprovals(s.input([s.request, s.alice, s.bob, daveRejects]));
    expect(verdict.allowed).toBe(false);
    expect(verdict.rejectedBy).toEqual(['dave']);
    expect(reasonsOf(verdict)).toMatch(/vetoed by dave/);
  });

  it('the requester can withdraw the plan with a signed reject', async () => {
    const s = await approvalScenario();
    const withdraw = await signApproval(s.plan, s.policy, 'carol', s.keys.carol, { role: 'requester', decision: 'reject' });
    const verdict = verifyApprovals(s.input([s.request, s.alice, s.bob, withdraw]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/withdrew the plan/);
  });

  it('T8 a policy changed after approval voids every approval', async () => {
    const s = await approvalScenario();
    // Same principals, one extra harmless principal, version bumped: the plan pins the old digest.
    const changed = policyText(policyDocument({ ...s.principals, frank: { groups: ['sre'], keys: [makeKey()] } }, { version: 8 }));
    const verdict = verifyApprovals(s.input(undefined, { policyBytes: Buffer.from(changed) }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/the plan was made under policy v7 .* trusted policy is v8/);
  });

  it('T8 a policy read from the working tree is refused in run mode (and only warned about in verify)', async () => {
    const s = await approvalScenario();
    const workingTree = { kind: 'working-tree', file: 'policies/replay-approval.yaml' } as const;
    const run = verifyApprovals(s.input(undefined, { policySource: workingTree, mode: 'run' }));
    expect(run.allowed).toBe(false);
    expect(reasonsOf(run)).toMatch(/reads the approval policy from a protected git ref, not the working tree/);
    const verify = verifyApprovals(s.input(undefined, { policySource: workingTree, mode: 'verify' }));
    expect(verify.allowed).toBe(true);
    expect(verify.warnings.join('\n')).toMatch(/working tree/);
  });

  it('T9 an approval signed beyond the clock-skew allowance is refused; within it is accepted', async () => {
    const s = await approvalScenario();
    const future = await signApproval(s.plan, s.policy, 'bob', s.keys.bob, { now: new Date(FIXED_NOW.getTime() + 121_000) });
    const verdict = verifyApprovals(s.input([s.request, s.alice, future]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/signed in the future .*120s/);
    const slightlyAhead = await signApproval(s.plan, s.policy, 'bob', s.keys.bob, { now: new Date(FIXED_NOW.getTime() + 119_000) });
    expect(verifyApprovals(s.input([s.request, s.alice, slightlyAhead])).allowed).toBe(true);
  });

  it('T10 re-running an executed plan is refused (journal)', async () => {
    const s = await approvalScenario();
    const journal: JournalEntry[] = [{ v: 1, planId: s.plan.plan.planId, planDigest: s.plan.digest, kind: 'replay', executionName: `ectl-${s.plan.plan.planId}`, policyVersion: 7, policySha256: s.policy.sha256, state: 'completed', at: '2026-11-29T09:55:00Z' }];
    const verdict = verifyApprovals(s.input(undefined, { journal }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/already executed/);
  });

  it('T1/T11 changing any byte of the plan afterwards voids every approval', async () => {
    const s = await approvalScenario();
    const text = s.plan.bytes.toString('utf8');
    const tampered = Buffer.from(text.replace('"maxEvents":2000', '"maxEvents":2001'));
    expect(tampered.equals(s.plan.bytes)).toBe(false);
    const verdict = verifyApprovals(s.input(undefined, { planBytes: tampered }));
    expect(verdict.allowed).toBe(false);
    expect(verdict.approvers).toEqual([]);
    expect(reasonsOf(verdict)).toMatch(/signed for another plan/);
  });

  it('T12 a non-canonical plan is refused even when every approval names its bytes', async () => {
    const s = await approvalScenario();
    // Pretty-print the same plan and sign those exact bytes: the approvals match, the form does not.
    const pretty = Buffer.from(JSON.stringify(JSON.parse(s.plan.bytes.toString()), null, 2));
    const verdict = verifyApprovals(s.input(undefined, { planBytes: pretty }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/not in RFC 8785 canonical form/);
  });

  it('T12 a plan with a duplicate key is refused', async () => {
    const s = await approvalScenario();
    const text = s.plan.bytes.toString('utf8');
    const duplicated = Buffer.from(text.replace('{"_type"', '{"requester":"mallory","_type"'));
    const verdict = verifyApprovals(s.input(undefined, { planBytes: duplicated }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/canonical form/);
  });

  it('T12 lenient base64 in an envelope is refused', async () => {
    const s = await approvalScenario();
    const envelope = JSON.parse(s.bob.bytes.toString()) as { signatures: Array<{ sig: string }> };
    // Buffer.from would silently skip the '*' and decode the same signature.
    envelope.signatures[0]!.sig = `${envelope.signatures[0]!.sig.slice(0, 10)}*${envelope.signatures[0]!.sig.slice(10)}`;
    const lenient: EnvelopeFile = { name: 'bob-lenient.dsse.json', bytes: Buffer.from(JSON.stringify(envelope)) };
    expect(Buffer.from(envelope.signatures[0]!.sig, 'base64')).toEqual(parseEnvelope(s.bob.bytes).signature);
    const verdict = verifyApprovals(s.input([s.request, s.alice, lenient]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/not canonical base64/);
  });

  it('T2 an SSHSIG with the wrong namespace is refused; the right one counts', async () => {
    const s = await approvalScenario();
    const good = await signApproval(s.plan, s.policy, 'erin', s.keys.erin);
    expect(verifyApprovals(s.input([s.request, good, s.bob])).allowed).toBe(true);
    const wrongNs = await signApproval(s.plan, s.policy, 'erin', s.keys.erin, { namespace: 'git' });
    const verdict = verifyApprovals(s.input([s.request, wrongNs, s.bob]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/namespace 'git' is not the policy's 'replay-approval@eventctl.dev'/);
  });

  it('T13 the policy fixes the scheme: a raw Ed25519 signature from an sshsig key does not count', async () => {
    const s = await approvalScenario();
    const raw = await signApproval(s.plan, s.policy, 'erin', { ...s.keys.erin, scheme: 'ed25519' });
    const verdict = verifyApprovals(s.input([s.request, raw, s.bob]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/does not count: no key in the policy verifies this signature/);
  });

  it('T13 a key type other than ssh-ed25519 inside an SSHSIG is refused', async () => {
    const s = await approvalScenario();
    const good = await signApproval(s.plan, s.policy, 'erin', s.keys.erin);
    const envelope = JSON.parse(good.bytes.toString()) as { signatures: Array<{ sig: string }> };
    const blob = Buffer.from(envelope.signatures[0]!.sig, 'base64');
    // Rewrite the embedded public key's type string to another 11-byte type name.
    const patched = Buffer.from(blob.toString('latin1').replace('ssh-ed25519', 'ssh-rsa-xyz'), 'latin1');
    envelope.signatures[0]!.sig = patched.toString('base64');
    const verdict = verifyApprovals(s.input([s.request, { name: 'rsa.dsse.json', bytes: Buffer.from(JSON.stringify(envelope)) }, s.bob]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/key type ssh-rsa-xyz is not allowed/);
  });

  it('T2 a signature over another payloadType does not count', async () => {
    const s = await approvalScenario();
    const { payload } = parseEnvelope(s.bob.bytes);
    const { sign } = await import('node:crypto');
    const sig = sign(null, pae('application/json', payload), s.keys.bob.privateKey);
    const other: EnvelopeFile = { name: 'other-type.dsse.json', bytes: Buffer.from(JSON.stringify({ payloadType: 'application/json', payload: payload.toString('base64'), signatures: [{ sig: sig.toString('base64') }] })) };
    const verdict = verifyApprovals(s.input([s.request, s.alice, other]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/payloadType 'application\/json'/);
  });

  it('a plan claiming a weaker class than the policy pins is refused', async () => {
    const s = await approvalScenario({
      policyOverrides: { consumers: { 'billing-charge': 'operational' } },
      planOverrides: { targets: [{ consumer: 'billing-charge', class: 'projection', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/billing-charge' }] },
    });
    const verdict = verifyApprovals(s.input([]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/listed as projection, but the policy pins it as operational/);
  });

  it('limits: the window must end at least 10 minutes ago', async () => {
    const s = await approvalScenario({ planOverrides: { window: { start: '2026-11-29T09:00:00Z', end: '2026-11-29T09:55:00Z' } } });
    const verdict = verifyApprovals(s.input());
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/must end at least 10 minutes ago/);
  });

  it('limits: the window length and the event cap', async () => {
    const s = await approvalScenario({ planOverrides: { window: { start: '2026-11-27T08:00:00Z', end: '2026-11-28T09:30:00Z' }, estimate: { events: 10, maxEvents: 60_000, method: 'x' } } });
    const verdict = verifyApprovals(s.input());
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/window is 1530 minutes, the limit is 360/);
    expect(reasonsOf(verdict)).toMatch(/up to 60000 events, the limit is 50000/);
  });

  it('an invalid policy is a refusal with its problems, not a crash', async () => {
    const s = await approvalScenario();
    const verdict = verifyApprovals(s.input(undefined, { policyBytes: Buffer.from('a: 1\na: 2\n') }));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/policy is invalid/);
  });

  it('refuses more envelopes than it reads', async () => {
    const s = await approvalScenario();
    const many = Array.from({ length: 65 }, (_, i) => ({ ...s.alice, name: `a${i}.dsse.json` }));
    const verdict = verifyApprovals(s.input([s.request, s.bob, ...many]));
    expect(verdict.allowed).toBe(false);
    expect(reasonsOf(verdict)).toMatch(/at most 64 are read/);
  });

  it('SSHSIG made in Node by an sshsig-scheme key verifies (createSshsig round trip)', async () => {
    const s = await approvalScenario();
    const message = Buffer.from('hello');
    const blob = createSshsig({ message, privateKey: s.keys.erin.privateKey, namespace: 'replay-approval@eventctl.dev' });
    expect(blob.subarray(0, 6).toString()).toBe('SSHSIG');
  });
});
