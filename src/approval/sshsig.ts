import { spawn } from 'node:child_process';
import { createHash, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { InputError, UsageError } from '../errors.js';
import { decodeBase64Strict } from './dsse.js';
import { ed25519PublicKeyOf, SSH_ED25519, type Ed25519PublicKey } from './keys.js';
import { SshReader, sshString, sshUint32 } from './ssh-wire.js';

/**
 * SSHSIG (openssh-portable PROTOCOL.sshsig): verification with node:crypto only; signing by
 * spawning `ssh-keygen -Y sign`, so keys in ssh-agent or on hardware work without extra code.
 * Only ssh-ed25519, version 1, sha256/sha512 are accepted.
 */
const MAGIC = Buffer.from('SSHSIG', 'latin1');
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';
const HASHES = ['sha256', 'sha512'] as const;
type SshsigHash = (typeof HASHES)[number];

export interface SshsigFields {
  version: number;
  publicKeyBlob: Buffer;
  namespace: string;
  reserved: Buffer;
  hashAlgorithm: string;
  signatureType: string;
  signature: Buffer;
}

/** Parses the binary SSHSIG blob; throws on any structural problem. */
export function parseSshsig(blob: Buffer): SshsigFields {
  try {
    const reader = new SshReader(blob);
    if (!reader.raw(6).equals(MAGIC)) throw new Error('magic is not SSHSIG');
    const version = reader.uint32();
    const publicKeyBlob = reader.string();
    const namespace = reader.string().toString('utf8');
    const reserved = reader.string();
    const hashAlgorithm = reader.string().toString('latin1');
    const sigReader = new SshReader(reader.string());
    if (!reader.done) throw new Error('trailing bytes after the signature');
    const signatureType = sigReader.string().toString('latin1');
    const signature = sigReader.string();
    if (!sigReader.done) throw new Error('trailing bytes inside the signature');
    return { version, publicKeyBlob, namespace, reserved, hashAlgorithm, signatureType, signature };
  } catch (error) {
    throw new InputError(`malformed SSHSIG: ${(error as Error).message}`);
  }
}

function signedData(namespace: string, hash: SshsigHash, message: Uint8Array): Buffer {
  const digest = createHash(hash).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hash), sshString(digest)]);
}

export type SshsigResult = { valid: true } | { valid: false; reason: string };

/**
 * Verifies an SSHSIG blob over `message` against the one key the policy pins for this signer.
 * The blob's embedded public key must equal that key byte for byte (no key substitution).
 */
export function verifySshsig(input: { message: Uint8Array; signature: Buffer; publicKey: Ed25519PublicKey; namespace: string }): SshsigResult {
  let fields: SshsigFields;
  try {
    fields = parseSshsig(input.signature);
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  if (fields.version !== 1) return { valid: false, reason: `SSHSIG version ${fields.version} is not supported` };
  let keyType = '';
  try {
    keyType = new SshReader(fields.publicKeyBlob).string().toString('latin1');
  } catch {
    return { valid: false, reason: 'SSHSIG public key is malformed' };
  }
  if (keyType !== SSH_ED25519 || fields.signatureType !== SSH_ED25519) {
    return { valid: false, reason: `key type ${keyType !== SSH_ED25519 ? keyType : fields.signatureType} is not allowed (ssh-ed25519 only)` };
  }
  if (!fields.publicKeyBlob.equals(input.publicKey.blob)) return { valid: false, reason: 'SSHSIG was made by a different key' };
  if (fields.namespace !== input.namespace) {
    return { valid: false, reason: `SSHSIG namespace '${fields.namespace}' is not the policy's '${input.namespace}'` };
  }
  if (fields.reserved.length !== 0) return { valid: false, reason: 'SSHSIG reserved field is not empty' };
  if (!(HASHES as readonly string[]).includes(fields.hashAlgorithm)) {
    return { valid: false, reason: `SSHSIG hash ${fields.hashAlgorithm} is not allowed` };
  }
  if (fields.signature.length !== 64) return { valid: false, reason: 'Ed25519 signature is not 64 bytes' };
  const data = signedData(fields.namespace, fields.hashAlgorithm as SshsigHash, input.message);
  const ok = cryptoVerify(null, data, input.publicKey.keyObject, fields.signature);
  return ok ? { valid: true } : { valid: false, reason: 'SSHSIG signature does not verify' };
}

/** Builds an SSHSIG blob in Node (eventctl keys; the interop test checks ssh-keygen accepts it). */
export function createSshsig(input: { message: Uint8Array; privateKey: KeyObject; namespace: string; hash?: SshsigHash }): Buffer {
  const hash = input.hash ?? 'sha512';
  const publicKey = ed25519PublicKeyOf(input.privateKey);
  const signature = cryptoSign(null, signedData(input.namespace, hash, input.message), input.privateKey);
  return Buffer.concat([
    MAGIC,
    sshUint32(1),
    sshString(publicKey.blob),
    sshString(input.namespace),
    sshString(''),
    sshString(hash),
    sshString(Buffer.concat([sshString(SSH_ED25519), sshString(signature)])),
  ]);
}

export function armorSshsig(blob: Buffer): string {
  const body = blob.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `${ARMOR_BEGIN}\n${body}${ARMOR_END}\n`;
}

export function dearmorSshsig(text: string): Buffer {
  const begin = text.indexOf(ARMOR_BEGIN);
  const end = text.indexOf(ARMOR_END);
  if (begin < 0 || end < begin) throw new InputError('not an armored SSH signature');
  const body = text.slice(begin + ARMOR_BEGIN.length, end).replace(/\r?\n/g, '');
  return decodeBase64Strict(body, 'SSH signature');
}

/**
 * Signs `message` with `ssh-keygen -Y sign -n <namespace> -f <keyFile>` (message on stdin,
 * armored signature on stdout). `keyFile` may be a private key or, with ssh-agent, a public key.
 * ssh-keygen asks for a passphrase itself, on the terminal.
 */
export async function signWithSshKeygen(input: { message: Uint8Array; keyFile: string; namespace: string; sshKeygen?: string; env?: NodeJS.ProcessEnv }): Promise<Buffer> {
  const program = input.sshKeygen ?? 'ssh-keygen';
  const { stdout, stderr, code } = await new Promise<{ stdout: Buffer; stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(program, ['-Y', 'sign', '-n', input.namespace, '-f', input.keyFile], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: input.env ?? process.env,
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT'
        ? new UsageError(`${program} was not found`, { hint: 'install OpenSSH ≥ 8.1 (not 8.7) or sign with an eventctl key (--key)' })
        : error);
    });
    child.once('close', (exitCode) => resolve({ stdout: Buffer.concat(out), stderr: err, code: exitCode }));
    child.stdin.on('error', () => {
      /* ssh-keygen may exit before reading; the exit code tells */
    });
    child.stdin.end(Buffer.from(input.message));
  });
  if (code !== 0) {
    throw new UsageError(`ssh-keygen -Y sign failed (exit ${code}): ${stderr.trim() || 'no message'}`);
  }
  return dearmorSshsig(stdout.toString('utf8'));
}
