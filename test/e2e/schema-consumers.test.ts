import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519PublicKeyOf, formatSshPublicKeyLine } from '../../src/approval/keys.js';
import { policyDocument } from '../support/approval-fixtures.js';
import { runCli } from '../support/run-cli.js';

/**
 * `reads`, sunset and a signed waiver, end to end: a repository whose main branch holds the
 * manifest, the schema and the approval policy; a feature branch breaks the schema; the built CLI
 * checks it, an owner signs the waiver, and the check passes. A working-tree edit of the policy
 * (trying to waive without signatures) changes nothing: the policy is read from the base.
 */
const MANIFEST = (waivers = '') => `apiVersion: eventctl/v1
platform: demo
defaults: { compatibility: BACKWARD, policy: strict }
replay: { approvalPolicy: policy.yaml }
buses:
  - name: orders
topics:
  - name: order.placed
    bus: orders
    source: com.acme.orders
    detailType: OrderPlaced
    schema: schemas/order-placed.json
consumers:
  - name: billing
    class: operational
    owner: team-billing
    subscribes: [order.placed]
    reads: { order.placed: [/detail/orderId, /detail/amount] }
  - name: search
    class: projection
    owner: team-search
    subscribes: [order.placed]
    reads: { order.placed: [/detail/orderId, /detail/legacyCode] }
${waivers}`;

const props = (extra: Record<string, object>) => ({
  type: 'object',
  additionalProperties: false,
  required: ['orderId'],
  properties: { orderId: { type: 'string' }, ...extra },
});
const V1 = props({
  amount: { type: 'number' },
  note: { type: 'string', deprecated: true, 'x-sunset': '2026-01-01' },
  legacyCode: { type: 'string', deprecated: true, 'x-sunset': '2099-01-01' },
  label: { type: 'string' },
});
// amount narrowed (billing reads it), note removed after its sunset, legacyCode removed before
// its sunset, label narrowed (nobody reads it).
const V2 = props({ amount: { type: 'integer' }, label: { type: 'string', maxLength: 10 } });

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

interface JsonFinding { rule: string; severity: string; message: string; hint?: string; path?: string }

describe('schema check with reads, sunset and a signed waiver (built CLI, git repository)', () => {
  let repo: string;
  let keyFile: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'eventctl-schema-consumers-'));
    const alice = generateKeyPairSync('ed25519').privateKey;
    const bob = generateKeyPairSync('ed25519').privateKey;
    const entry = (k: typeof alice) => ({ publicKey: ed25519PublicKeyOf(k), publicLine: formatSshPublicKeyLine(ed25519PublicKeyOf(k), 't'), scheme: 'ed25519' as const });
    const policy = policyDocument({ alice: { groups: ['team-billing', 'orders-owners'], keys: [entry(alice)] }, bob: { groups: ['sre'], keys: [entry(bob)] } });
    keyFile = join(repo, '..', `${repo.split('/').pop()}-alice.key`);
    writeFileSync(keyFile, alice.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'schemas'));
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST());
    writeFileSync(join(repo, 'policy.yaml'), dump(policy));
    writeFileSync(join(repo, 'schemas/order-placed.json'), `${JSON.stringify(V1, null, 2)}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'v1');
    git(repo, 'checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'schemas/order-placed.json'), `${JSON.stringify(V2, null, 2)}\n`);
  });
  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(keyFile, { force: true });
  });

  const check = async (format = 'json') => runCli(['schema', 'check', '--against', 'main', '--format', format], { cwd: repo });

  it('names the consumers and owners a break reaches, downgrades unread breaks, and applies sunsets', async () => {
    const result = await check();
    expect(result.code, result.stderr).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const at = (path: string) => findings.filter((f) => f.path === path).map((f) => [f.severity, f.rule]);
    expect(at('/properties/amount/type')).toEqual([['error', 'type-narrowed']]);
    expect(at('/properties/legacyCode')).toEqual([['error', 'property-removed-before-sunset']]);
    expect(at('/properties/note')).toEqual([['info', 'property-removed-after-sunset']]);
    expect(at('/properties/label/maxLength')).toEqual([['info', 'max-length-added']]);
    const amount = findings.find((f) => f.path === '/properties/amount/type')!;
    expect(amount.message).toContain('affects billing (owner team-billing, reads /detail/amount)');
    expect(amount.hint).toMatch(/^Talk to team-billing first/);
    expect(findings.find((f) => f.path === '/properties/legacyCode')!.message).toContain('search (owner team-search, reads /detail/legacyCode)');
    expect(findings.find((f) => f.path === '/properties/label/maxLength')!.message).toMatch(/^Not read by any consumer \(billing, search declare `reads`/);
    const impacts = (JSON.parse(result.stdout) as { impacts: Array<{ path: string; consumers: Array<{ name: string; owner: string | null; reads: string[] | null }> }> }).impacts;
    expect(impacts.find((i) => i.path === '/properties/amount/type')!.consumers).toEqual([{ name: 'billing', owner: 'team-billing', class: 'operational', reads: ['/detail/amount'] }]);

    // Every format names the consumers and owners of the breaking findings.
    const formats = ['text', 'markdown', 'sarif', 'github'];
    const outputs = await Promise.all(formats.map((format) => check(format)));
    outputs.forEach((out, i) => expect(out.stdout.replace(/\s+/g, ' '), formats[i]).toContain('billing (owner team-billing, reads /detail/amount)'));
  });

  it('lint checks the reads and reports consumers reading deprecated fields, with the date', async () => {
    const result = await runCli(['lint', '--format', 'json'], { cwd: repo });
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    // The working tree no longer declares legacyCode, which search still reads.
    expect(findings.filter((f) => f.rule === 'consumer-reads-in-schema').map((f) => f.message)).toEqual([
      "consumer 'search' reads /detail/legacyCode from order.placed, but its schema does not declare /detail/legacyCode",
    ]);
    git(repo, 'stash', '-q');
    try {
      const before = JSON.parse((await runCli(['lint', '--format', 'json'], { cwd: repo })).stdout) as { findings: JsonFinding[] };
      expect(before.findings.filter((f) => f.rule === 'consumer-reads-deprecated').map((f) => f.message)).toEqual([
        "consumer 'search' (owner team-search) reads /detail/legacyCode from order.placed; /detail/legacyCode is deprecated; sunset 2099-01-01",
      ]);
    } finally {
      git(repo, 'stash', 'pop', '-q');
    }
  });

  it('a waiver counts only once the affected owner signed it; the working-tree policy cannot weaken that', async () => {
    const first = JSON.parse((await check()).stdout) as { findings: JsonFinding[] };
    const amountHint = first.findings.find((f) => f.path === '/properties/amount/type')!.hint!;
    const legacyHint = first.findings.find((f) => f.path === '/properties/legacyCode')!.hint!;
    const fingerprint = /fingerprint: "([0-9a-f]{12})"/.exec(amountHint)![1]!;
    const legacy = /fingerprint: "([0-9a-f]{12})"/.exec(legacyHint)![1]!;
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST(`schemaWaivers:
  - { fingerprint: "${fingerprint}", rule: type-narrowed, reason: "amount is integral cents", expires: 2099-12-31, approvals: waivers/${fingerprint} }
  - { fingerprint: "${legacy}", rule: property-removed-before-sunset, reason: "search moved off legacyCode", expires: 2099-12-31 }
`));
    mkdirSync(join(repo, 'waivers', fingerprint), { recursive: true });
    // The PR tries to drop the approval requirement in its own working tree: ignored.
    writeFileSync(join(repo, 'policy.yaml'), `${(execFileSync('git', ['show', 'main:policy.yaml'], { cwd: repo, encoding: 'utf8' })).replace(/required: true/g, 'required: false')}`);

    const unsigned = await check();
    expect(unsigned.code).toBe(1);
    const refused = (JSON.parse(unsigned.stdout) as { findings: JsonFinding[] }).findings;
    expect(refused.filter((f) => f.severity === 'error').map((f) => f.rule).sort()).toEqual(['type-narrowed', 'waiver-not-approved']);
    expect(refused.find((f) => f.rule === 'waiver-not-approved')!.message).toContain('needs an approval signed by team-billing (owner of billing)');
    // search is a projection: the policy needs no signature for it, so its waiver counts unsigned.
    expect(refused.find((f) => f.path === '/properties/legacyCode')!.severity).toBe('info');

    const signed = await runCli(['schema', 'waiver', 'approve', fingerprint, '--key', keyFile, '--yes', '--policy-ref', 'main'], { cwd: repo });
    expect(signed.code, signed.stderr).toBe(0);
    expect(readdirSync(join(repo, 'waivers', fingerprint))).toEqual([expect.stringMatching(/^approve\.alice\.[0-9a-f]{8}\.dsse\.json$/)]);

    const passed = await check();
    expect(passed.code, passed.stdout).toBe(0);
    const amount = (JSON.parse(passed.stdout) as { findings: JsonFinding[] }).findings.find((f) => f.path === '/properties/amount/type')!;
    expect(amount.severity).toBe('info');
    expect(amount.message).toMatch(/^Waived \(amount is integral cents, signed by alice, until 2099-12-31\)/);

    // Editing the signed waiver text voids the signature.
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST(`schemaWaivers:
  - { fingerprint: "${fingerprint}", rule: type-narrowed, reason: "amount is integral cents (edited)", expires: 2099-12-31, approvals: waivers/${fingerprint} }
  - { fingerprint: "${legacy}", rule: property-removed-before-sunset, reason: "search moved off legacyCode", expires: 2099-12-31 }
`));
    const edited = await check();
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('signed for another waiver text');
  });
});
