import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApprovalKey, loadApprovalPrivateKey } from '../../../src/approval/keys.js';

/** A minimal DER reader: enough to find the PBKDF2 parameters of an encrypted PKCS#8 key. */
function readDer(bytes: Buffer, at = 0): { tag: number; body: Buffer; next: number } {
  const tag = bytes[at]!;
  let length = bytes[at + 1]!;
  let offset = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + bytes[offset + i]!;
    offset += count;
  }
  return { tag, body: bytes.subarray(offset, offset + length), next: offset + length };
}

function children(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const item = readDer(body, at);
    out.push(body.subarray(at, item.next));
    at = item.next;
  }
  return out;
}

/** PBKDF2 iteration count and PRF OID bytes of an "ENCRYPTED PRIVATE KEY" PEM. */
function pbkdf2Parameters(pem: string): { iterations: number; prf: string } {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const [algorithm] = children(readDer(der).body);
  const [, pbes2Params] = children(readDer(algorithm!).body);
  const [kdf] = children(readDer(pbes2Params!).body);
  const [, kdfParams] = children(readDer(kdf!).body);
  const [, iterations, prf] = children(readDer(kdfParams!).body);
  const count = readDer(iterations!).body.reduce((n, b) => n * 256 + b, 0);
  return { iterations: count, prf: prf ? readDer(readDer(prf).body).body.toString('hex') : 'hmacWithSHA1 (default)' };
}

describe('key generate: passphrase work factor', () => {
  it('encrypts new keys with PBKDF2-HMAC-SHA256 at 600,000 iterations or more', () => {
    const key = generateApprovalKey('alice', 'correct horse battery');
    expect(key.privatePem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const params = pbkdf2Parameters(key.privatePem);
    expect(params.iterations).toBeGreaterThanOrEqual(600_000);
    expect(params.prf).toBe('2a864886f70d0209'); // 1.2.840.113549.2.9 hmacWithSHA256
    expect(loadApprovalPrivateKey(key.privatePem, 'correct horse battery').asymmetricKeyType).toBe('ed25519');
    expect(() => loadApprovalPrivateKey(key.privatePem, 'wrong horse battery')).toThrow(/wrong passphrase/);
  }, 30_000); // three PBKDF2 runs at 600,000 iterations on a loaded machine

  it('still reads keys written in the old format (OpenSSL default PBKDF2, 2,048 iterations)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const oldPem = String(privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse battery' }));
    expect(pbkdf2Parameters(oldPem).iterations).toBe(2048);
    const loaded = loadApprovalPrivateKey(oldPem, 'correct horse battery');
    expect(loaded.export({ format: 'jwk' }).x).toBe(publicKey.export({ format: 'jwk' }).x);
  });
});
