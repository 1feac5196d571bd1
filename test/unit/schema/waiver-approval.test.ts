import { describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../../src/approval/dsse.js';
import { ed25519Signer, nodeSshsigSigner } from '../../../src/approval/signers.js';
import type { SchemaWaiver } from '../../../src/manifest/model.js';
import type { AffectedConsumer } from '../../../src/schema/affected-consumers.js';
import { signWaiverApproval, verifyWaiverApprovals, type WaiverEnvelopeFile } from '../../../src/schema/waiver-approval.js';
import { FIXED_NOW, loadPolicy, makeKey, NAMESPACE, policyDocument, type TestKey } from '../../support/approval-fixtures.js';

const alice = makeKey();
const bob = makeKey('sshsig');
const mallory = makeKey();
const policy = loadPolicy(policyDocument({ alice: { groups: ['team-billing', 'orders-owners'], keys: [alice] }, bob: { groups: ['sre'], keys: [bob] } }));
const WAIVER: SchemaWaiver = { fingerprint: '939419bff127', rule: 'type-narrowed', reason: 'amount is integral cents since v2', expires: '2026-12-31', approvals: 'approvals/939419bff127' };
const billing: AffectedConsumer = { name: 'billing', class: 'operational', owner: 'team-billing', reads: ['/detail/amount'] };
const search: AffectedConsumer = { name: 'search', class: 'projection', owner: 'team-search' };

async function sign(key: TestKey, principal: string, options: { waiver?: SchemaWaiver; decision?: 'approve' | 'reject'; now?: Date } = {}): Promise<WaiverEnvelopeFile> {
  const signer = key.scheme === 'sshsig' ? nodeSshsigSigner(key.privateKey, NAMESPACE) : ed25519Signer(key.privateKey);
  const envelope = await signWaiverApproval({ waiver: options.waiver ?? WAIVER, principal, decision: options.decision ?? 'approve', signer, now: options.now ?? FIXED_NOW });
  return { name: `${principal}.dsse.json`, bytes: Buffer.from(encodeEnvelope(envelope)) };
}

const verify = (envelopes: WaiverEnvelopeFile[], affected: AffectedConsumer[] = [billing, search], waiver = WAIVER) =>
  verifyWaiverApprovals({ waiver, envelopes, policy, affected, now: FIXED_NOW });

describe('signed schema waivers', () => {
  it('counts when every owner of an affected consumer whose class needs approvals signed (group membership names the owner)', async () => {
    const verdict = verify([await sign(alice, 'alice')]);
    expect(verdict).toMatchObject({ valid: true, approvers: ['alice'], owners: ['team-billing'], unsignedAllowed: false });
  });

  it('unsigned: refused when an affected class requires approvals, allowed when none does', () => {
    expect(verify([])).toMatchObject({ valid: false, reasons: ['needs an approval signed by team-billing (owner of billing)'] });
    expect(verify([], [search])).toMatchObject({ valid: true, unsignedAllowed: true });
  });

  it('an approval by someone who owns none of the affected consumers does not count', async () => {
    const verdict = verify([await sign(bob, 'bob')]);
    expect(verdict.valid).toBe(false);
    expect(verdict.ignored).toEqual(['bob approved but owns none of the consumers this break reaches']);
  });

  it('an edited waiver voids its signatures', async () => {
    const envelope = await sign(alice, 'alice');
    const verdict = verify([envelope], [billing], { ...WAIVER, expires: '2027-12-31' });
    expect(verdict.valid).toBe(false);
    expect(verdict.ignored[0]).toMatch(/signed for another waiver text/);
  });

  it('a key not in the policy, or a principal name that is not the key owner, does not count', async () => {
    expect(verify([await sign(mallory, 'alice')]).ignored[0]).toMatch(/no key in the approval policy verifies/);
    expect(verify([await sign(alice, 'team-billing')]).ignored[0]).toMatch(/names principal 'team-billing' but was signed with a key of 'alice'/);
  });

  it('a tampered envelope does not count', async () => {
    const envelope = await sign(alice, 'alice');
    const parsed = JSON.parse(Buffer.from(envelope.bytes).toString()) as { payload: string };
    const statement = JSON.parse(Buffer.from(parsed.payload, 'base64').toString()) as { predicate: { principal: string } };
    statement.predicate.principal = 'bob';
    parsed.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    expect(verify([{ name: 'x.dsse.json', bytes: Buffer.from(JSON.stringify(parsed)) }]).valid).toBe(false);
  });

  it('a signed reject by an owner vetoes; a consumer without owner cannot be approved', async () => {
    const carolKey = makeKey();
    const both = loadPolicy(policyDocument({ alice: { groups: ['team-billing', 'orders-owners'], keys: [alice] }, carol: { groups: ['team-billing', 'sre'], keys: [carolKey] } }));
    const verdict = verifyWaiverApprovals({ waiver: WAIVER, policy: both, affected: [billing], now: FIXED_NOW, envelopes: [await sign(alice, 'alice'), await sign(carolKey, 'carol', { decision: 'reject' })] });
    expect(verdict.reasons).toEqual(['vetoed for team-billing by carol (signed reject)']);
    expect(verify([await sign(alice, 'alice')], [billing, { name: 'orphan', class: 'workflow' }]).reasons).toEqual(['consumer orphan (workflow) has no owner, so nobody can approve a break it suffers']);
  });
});
