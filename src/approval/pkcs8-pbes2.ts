import { createCipheriv, pbkdf2Sync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * PKCS#8 encryption with a work factor of our choosing. Node's `export({cipher, passphrase})`
 * uses OpenSSL's PBKDF2 default of 2,048 iterations, far below current guidance (OWASP 2023:
 * PBKDF2-HMAC-SHA256 ≥ 600,000). The result is a standard PBES2 (RFC 8018) "ENCRYPTED PRIVATE
 * KEY" PEM, so `createPrivateKey` reads it — and keys written before this change — alike.
 * (Not scrypt: OpenSSL caps scrypt at 32 MB when decrypting, below what N = 2^17 needs.)
 */
export const PBKDF2_ITERATIONS = 600_000;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
};

function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff]) : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const octets = (bytes: Buffer) => der(0x04, bytes);
const nothing = () => der(0x05, Buffer.alloc(0));

function integer(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return der(0x02, Buffer.from(bytes));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out = [first! * 40 + second!];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift((v & 0x7f) | 0x80);
    out.push(...base128);
  }
  return der(0x06, Buffer.from(out));
}

/** The private key as an encrypted PKCS#8 PEM: PBES2, PBKDF2-HMAC-SHA256 (`iterations`), AES-256-CBC. */
export function encryptPrivateKeyPem(key: KeyObject, passphrase: string, iterations = PBKDF2_ITERATIONS): string {
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const derived = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', derived, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  const algorithm = sequence(
    oid(OID.pbes2),
    sequence(
      sequence(oid(OID.pbkdf2), sequence(octets(salt), integer(iterations), sequence(oid(OID.hmacWithSha256), nothing()))),
      sequence(oid(OID.aes256Cbc), octets(iv)),
    ),
  );
  const body = sequence(algorithm, octets(encrypted)).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${lines.join('\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}
