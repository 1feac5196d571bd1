import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';
import { InputError, UsageError } from '../errors.js';
import { decodeBase64Strict } from './dsse.js';
import { SshReader, sshString } from './ssh-wire.js';
import { encryptPrivateKeyPem } from './pkcs8-pbes2.js';

/**
 * Ed25519 approval keys. eventctl-made keys: passphrase-encrypted PKCS#8 PEM (private) and one
 * `ssh-ed25519 AAAA… comment` line (public), so the policy has one key format and one id format
 * (the OpenSSH `SHA256:` fingerprint) for eventctl and operators' SSH keys alike.
 */
export const SSH_ED25519 = 'ssh-ed25519';
export const MIN_PASSPHRASE_LENGTH = 8;

export interface Ed25519PublicKey {
  /** 32 raw bytes. */
  raw: Buffer;
  /** SSH wire blob: string "ssh-ed25519" ‖ string raw. */
  blob: Buffer;
  /** `SHA256:` + unpadded base64 of sha256(blob), exactly what `ssh-keygen -l` prints. */
  fingerprint: string;
  keyObject: KeyObject;
}

export function sshEd25519Blob(raw: Uint8Array): Buffer {
  return Buffer.concat([sshString(SSH_ED25519), sshString(raw)]);
}

export function fingerprintOfBlob(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function ed25519PublicKeyFromRaw(raw: Uint8Array): Ed25519PublicKey {
  if (raw.byteLength !== 32) throw new InputError(`an Ed25519 public key is 32 bytes, not ${raw.byteLength}`);
  const rawBuffer = Buffer.from(raw);
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: rawBuffer.toString('base64url') }, format: 'jwk' });
  const blob = sshEd25519Blob(rawBuffer);
  return { raw: rawBuffer, blob, fingerprint: fingerprintOfBlob(blob), keyObject };
}

export function ed25519PublicKeyOf(key: KeyObject): Ed25519PublicKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new InputError(`key type ${publicKey.asymmetricKeyType ?? 'unknown'} is not allowed; approval keys are Ed25519`);
  }
  const jwk = publicKey.export({ format: 'jwk' });
  return ed25519PublicKeyFromRaw(Buffer.from(String(jwk.x), 'base64url'));
}

/** Parses one OpenSSH public key line; only `ssh-ed25519` is allowed (no RSA, ECDSA, sk or certs). */
export function parseSshPublicKeyLine(line: string): Ed25519PublicKey & { comment?: string } {
  const parts = line.trim().split(/\s+/);
  const [type, body, ...comment] = parts;
  if (!type || !body) throw new InputError('public key must be one line: `ssh-ed25519 AAAA… [comment]`');
  if (type !== SSH_ED25519) throw new InputError(`key type ${type} is not allowed; approval keys must be ssh-ed25519`);
  const blob = decodeBase64Strict(body, 'public key');
  let raw: Buffer;
  try {
    const reader = new SshReader(blob);
    const innerType = reader.string().toString('latin1');
    if (innerType !== SSH_ED25519) throw new InputError(`key type ${innerType} is not allowed (the line says ${type})`);
    raw = reader.string();
    if (!reader.done) throw new Error('trailing bytes');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`public key blob is malformed: ${(error as Error).message}`);
  }
  const key = ed25519PublicKeyFromRaw(raw);
  return comment.length > 0 ? { ...key, comment: comment.join(' ') } : key;
}

export function formatSshPublicKeyLine(key: Ed25519PublicKey, comment?: string): string {
  return `${SSH_ED25519} ${key.blob.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

export interface GeneratedKey {
  /** PKCS#8 PEM, encrypted under the passphrase (PBES2: PBKDF2-HMAC-SHA256 at 600,000 iterations + AES-256-CBC). */
  privatePem: string;
  publicLine: string;
  publicKey: Ed25519PublicKey;
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new UsageError(`the key passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
}

export function generateApprovalKey(principal: string, passphrase: string): GeneratedKey {
  checkPassphrase(passphrase);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = encryptPrivateKeyPem(privateKey, passphrase);
  const pub = ed25519PublicKeyOf(publicKey);
  return { privatePem: String(privatePem), publicLine: formatSshPublicKeyLine(pub, `${principal}@eventctl`), publicKey: pub };
}

/** Loads an eventctl private key; a wrong passphrase or a non-Ed25519 key is a clear error. */
export function loadApprovalPrivateKey(pem: string, passphrase: string | undefined, file = 'key'): KeyObject {
  if (pem.includes('BEGIN OPENSSH PRIVATE KEY')) {
    throw new UsageError(`${file} is an OpenSSH private key`, { hint: 'sign with --ssh-key (ssh-keygen does the signing) instead of --key' });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase });
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(`cannot open ${file}: ${/decrypt|bad decrypt|passphrase/i.test(message) ? 'wrong passphrase' : message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(`key type ${key.asymmetricKeyType ?? 'unknown'} in ${file} is not allowed; approval keys are Ed25519`);
  }
  return key;
}

async function writeNew(file: string, text: string, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${file} already exists`, { hint: 'choose another --out; eventctl never overwrites a key' });
    }
    throw error;
  }
  try {
    await handle.writeFile(text);
    await handle.chmod(mode); // umask may have narrowed or widened the create mode
  } finally {
    await handle.close();
  }
}

/** Writes `<out>.key` (mode 0600) and `<out>.pub`; never overwrites. */
export async function writeApprovalKey(out: string, key: GeneratedKey): Promise<{ keyFile: string; pubFile: string }> {
  const keyFile = `${out}.key`;
  const pubFile = `${out}.pub`;
  await writeNew(keyFile, key.privatePem, 0o600);
  await writeNew(pubFile, `${key.publicLine}\n`, 0o644);
  return { keyFile, pubFile };
}
