import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApproval } from '../../../src/approval/approval.js';
import { encodeEnvelope } from '../../../src/approval/dsse.js';
import { generateApprovalKey, loadApprovalPrivateKey, parseSshPublicKeyLine, writeApprovalKey, ed25519PublicKeyOf } from '../../../src/approval/keys.js';
import { parsePolicy } from '../../../src/approval/policy.js';
import { sshKeygenSigner } from '../../../src/approval/signers.js';
import { armorSshsig, createSshsig, signWithSshKeygen, verifySshsig } from '../../../src/approval/sshsig.js';
import { verifyApprovals } from '../../../src/approval/verify.js';
import { FIXED_NOW, GIT_SOURCE, makeKey, makePlan, NAMESPACE, policyDocument, policyText, signApproval, type TestKey } from '../../support/approval-fixtures.js';
import { tempDir } from '../../support/temp-dir.js';

const tmp = () => tempDir('eventctl-keys-');

function sshKeygenKey(dir: string, name = 'id'): { file: string; pubLine: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@test`, '-f', file]);
  return { file, pubLine: readFileSync(`${file}.pub`, 'utf8').trim() };
}

describe('eventctl keys', () => {
  it('generates an encrypted PKCS#8 key (0600) and an ssh-ed25519 line whose fingerprint matches ssh-keygen -l', async () => {
    const dir = tmp();
    const key = generateApprovalKey('alice', 'correct horse battery');
    const { keyFile, pubFile } = await writeApprovalKey(join(dir, 'alice'), key);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pem = readFileSync(keyFile, 'utf8');
    expect(pem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(readFileSync(pubFile, 'utf8')).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\S+ alice@eventctl\n$/);
    const listed = execFileSync('ssh-keygen', ['-l', '-f', pubFile], { encoding: 'utf8' });
    expect(listed.split(' ')[1]).toBe(key.publicKey.fingerprint);
    const loaded = loadApprovalPrivateKey(pem, 'correct horse battery');
    expect(ed25519PublicKeyOf(loaded).fingerprint).toBe(key.publicKey.fingerprint);
  });

  it('refuses a wrong passphrase, a short passphrase, an OpenSSH key, and overwriting', async () => {
    const dir = tmp();
    const key = generateApprovalKey('alice', 'correct horse battery');
    expect(() => loadApprovalPrivateKey(key.privatePem, 'wrong passphrase')).toThrow(/wrong passphrase/);
    expect(() => generateApprovalKey('alice', 'short')).toThrow(/at least 8/);
    const ssh = sshKeygenKey(dir);
    expect(() => loadApprovalPrivateKey(readFileSync(ssh.file, 'utf8'), undefined)).toThrow(/is an OpenSSH private key/);
    await writeApprovalKey(join(dir, 'alice'), key);
    await expect(writeApprovalKey(join(dir, 'alice'), key)).rejects.toThrow(/already exists/);
  });

  it('parses ssh-ed25519 lines and refuses every other key type', () => {
    const dir = tmp();
    const { pubLine } = sshKeygenKey(dir);
    expect(parseSshPublicKeyLine(pubLine).comment).toBe('id@test');
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', join(dir, 'ec')]);
    const ecLine = readFileSync(join(dir, 'ec.pub'), 'utf8');
    expect(() => parseSshPublicKeyLine(ecLine)).toThrow(/key type ecdsa-sha2-nistp256 is not allowed/);
    // A line that says ssh-ed25519 but carries another key inside.
    const ecBlob = ecLine.split(' ')[1];
    expect(() => parseSshPublicKeyLine(`ssh-ed25519 ${ecBlob}`)).toThrow(/key type ecdsa-sha2-nistp256 is not allowed/);
    // And the other way round: the line's own type must be ssh-ed25519 too.
    expect(() => parseSshPublicKeyLine(`ssh-rsa ${pubLine.split(' ')[1]}`)).toThrow(/key type ssh-rsa is not allowed/);
  });

  it('policy: a key type other than ssh-ed25519 is an error', () => {
    const dir = tmp();
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', join(dir, 'ec')]);
    const alice = makeKey();
    const doc = policyDocument({ alice: { groups: ['orders-owners', 'sre'], keys: [alice] }, bob: { groups: ['sre', 'orders-owners'], keys: [makeKey()] }, carol: { groups: ['sre'], keys: [makeKey()] } });
    const principals = doc.principals as Record<string, { keys: Array<Record<string, unknown>> }>;
    principals.alice!.keys[0]!.publicKey = readFileSync(join(dir, 'ec.pub'), 'utf8').trim();
    expect(() => parsePolicy(Buffer.from(policyText(doc)))).toThrow(/key type ecdsa-sha2-nistp256 is not allowed/);
  });
});

describe('SSHSIG interop with OpenSSH ssh-keygen', () => {
  it('a signature made by ssh-keygen -Y sign verifies in Node (node:crypto only)', async () => {
    const dir = tmp();
    const { file, pubLine } = sshKeygenKey(dir);
    const message = Buffer.from('DSSEv1 3 abc 5 hello');
    const signature = await signWithSshKeygen({ message, keyFile: file, namespace: NAMESPACE });
    const publicKey = parseSshPublicKeyLine(pubLine);
    expect(verifySshsig({ message, signature, publicKey, namespace: NAMESPACE })).toEqual({ valid: true });
    expect(verifySshsig({ message: Buffer.from('tampered'), signature, publicKey, namespace: NAMESPACE }).valid).toBe(false);
    const wrongNs = verifySshsig({ message, signature, publicKey, namespace: 'git' });
    expect(wrongNs).toEqual({ valid: false, reason: `SSHSIG namespace '${NAMESPACE}' is not the policy's 'git'` });
    const other = parseSshPublicKeyLine(sshKeygenKey(dir, 'other').pubLine);
    expect(verifySshsig({ message, signature, publicKey: other, namespace: NAMESPACE })).toEqual({ valid: false, reason: 'SSHSIG was made by a different key' });
  });

  it('a signature made in Node verifies with ssh-keygen -Y verify', () => {
    const dir = tmp();
    const key = makeKey('sshsig');
    const message = Buffer.from('approve plan 42');
    writeFileSync(join(dir, 'sig'), armorSshsig(createSshsig({ message, privateKey: key.privateKey, namespace: NAMESPACE })));
    writeFileSync(join(dir, 'allowed_signers'), `alice ${key.publicLine}\n`);
    const verify = (namespace: string, input: Buffer) => spawnSync('ssh-keygen', ['-Y', 'verify', '-f', join(dir, 'allowed_signers'), '-I', 'alice', '-n', namespace, '-s', join(dir, 'sig')], { input });
    expect(verify(NAMESPACE, message).status).toBe(0);
    expect(verify('git', message).status).not.toBe(0);
    expect(verify(NAMESPACE, Buffer.from('approve plan 43')).status).not.toBe(0);
  });

  it('an approval signed through ssh-keygen (--ssh-key path) is accepted by verifyApprovals', async () => {
    const dir = tmp();
    const ssh = sshKeygenKey(dir, 'erin');
    const erin = { ...makeKey('sshsig'), publicKey: parseSshPublicKeyLine(ssh.pubLine), publicLine: ssh.pubLine } as TestKey;
    const alice = makeKey();
    const carol = makeKey();
    const text = policyText(policyDocument({
      alice: { groups: ['orders-owners'], keys: [alice] },
      carol: { groups: ['orders-owners', 'sre'], keys: [carol] },
      erin: { groups: ['sre'], keys: [erin] },
    }));
    const policy = parsePolicy(Buffer.from(text));
    const plan = makePlan(policy);
    const envelope = await createApproval({
      plan, policy, principal: 'erin', role: 'approver', decision: 'approve', now: new Date(FIXED_NOW.getTime() - 60_000),
      signer: sshKeygenSigner({ keyFile: ssh.file, publicKey: erin.publicKey, namespace: policy.sshNamespace }),
    });
    const envelopes = [
      await signApproval(plan, policy, 'carol', carol, { role: 'requester' }),
      await signApproval(plan, policy, 'alice', alice),
      { name: 'erin.dsse.json', bytes: Buffer.from(encodeEnvelope(envelope)) },
    ];
    const verdict = verifyApprovals({ planBytes: plan.bytes, policyBytes: Buffer.from(text), policySource: GIT_SOURCE, envelopes, now: FIXED_NOW, mode: 'run' });
    expect(verdict.reasons).toEqual([]);
    expect(verdict.approvers).toEqual(['alice', 'erin']);
  });

  it('ssh-keygen failures surface as clear errors', async () => {
    await expect(signWithSshKeygen({ message: Buffer.from('x'), keyFile: join(tmp(), 'missing'), namespace: NAMESPACE })).rejects.toThrow(/ssh-keygen -Y sign failed/);
    await expect(signWithSshKeygen({ message: Buffer.from('x'), keyFile: 'k', namespace: NAMESPACE, sshKeygen: '/nonexistent/ssh-keygen' })).rejects.toThrow(/was not found/);
  });
});
