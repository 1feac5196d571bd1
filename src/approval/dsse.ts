import { InputError } from '../errors.js';

/**
 * DSSE v1 (secure-systems-lab/dsse): the signature covers PAE(payloadType, payload), the raw
 * payload bytes, so nothing is parsed before it is verified. eventctl's profile: exactly one
 * signature per envelope (one approver per file, Sigstore-bundle compatible).
 */
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const MAX_ENVELOPE_BYTES = 64 * 1024;

export interface DsseSignature {
  /** Unauthenticated hint for picking a key; never used for a security decision. */
  keyid?: string;
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: DsseSignature[];
}

/** Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.byteLength} `, 'utf8'),
    payload,
  ]);
}

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;
const URL_SAFE_PADDED = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

/**
 * Decodes base64 strictly. DSSE verifiers must accept both the standard and the URL-safe
 * alphabet; Node's Buffer.from(…, 'base64') additionally skips junk characters and ignores
 * non-zero trailing bits, so two different strings could carry the same signature. Here the
 * input must be one alphabet, correctly padded (URL-safe may omit padding), and re-encode to
 * itself exactly.
 */
export function decodeBase64Strict(text: string, what = 'base64'): Buffer {
  if (typeof text !== 'string') throw new InputError(`${what} must be a string`);
  let decoded: Buffer;
  let reencoded: string;
  if (STANDARD.test(text)) {
    decoded = Buffer.from(text, 'base64');
    reencoded = decoded.toString('base64');
  } else if (URL_SAFE_PADDED.test(text) && text.includes('=')) {
    decoded = Buffer.from(text, 'base64url');
    reencoded = decoded.toString('base64url');
    reencoded += '='.repeat((4 - (reencoded.length % 4)) % 4);
  } else if (URL_SAFE.test(text) && text.length % 4 !== 1) {
    decoded = Buffer.from(text, 'base64url');
    reencoded = decoded.toString('base64url');
  } else {
    throw new InputError(`${what} is not canonical base64 (mixed alphabets, bad padding, whitespace or stray characters)`);
  }
  if (reencoded !== text) throw new InputError(`${what} is not canonical base64 (non-zero padding bits)`);
  return decoded;
}

/** Parses an envelope file strictly: exact fields, one signature, canonical base64. */
export function parseEnvelope(bytes: Uint8Array, what = 'envelope'): { envelope: DsseEnvelope; payload: Buffer; signature: Buffer } {
  if (bytes.byteLength > MAX_ENVELOPE_BYTES) throw new InputError(`${what} is larger than ${MAX_ENVELOPE_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InputError(`${what} is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${what} is not a DSSE envelope object`);
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !['payloadType', 'payload', 'signatures'].includes(k));
  if (extra.length > 0) throw new InputError(`${what} has unknown fields: ${extra.join(', ')}`);
  if (typeof record.payloadType !== 'string' || record.payloadType === '') throw new InputError(`${what}: payloadType must be a non-empty string`);
  if (typeof record.payload !== 'string') throw new InputError(`${what}: payload must be a base64 string`);
  if (!Array.isArray(record.signatures) || record.signatures.length !== 1) {
    throw new InputError(`${what} must carry exactly one signature (one approver per file)`);
  }
  const sigRecord = record.signatures[0] as unknown;
  if (sigRecord === null || typeof sigRecord !== 'object' || Array.isArray(sigRecord)) throw new InputError(`${what}: signature must be an object`);
  const s = sigRecord as Record<string, unknown>;
  const sigExtra = Object.keys(s).filter((k) => !['keyid', 'sig'].includes(k));
  if (sigExtra.length > 0) throw new InputError(`${what}: signature has unknown fields: ${sigExtra.join(', ')}`);
  if (s.keyid !== undefined && typeof s.keyid !== 'string') throw new InputError(`${what}: keyid must be a string`);
  if (typeof s.sig !== 'string') throw new InputError(`${what}: sig must be a base64 string`);
  const payload = decodeBase64Strict(record.payload, `${what} payload`);
  const signature = decodeBase64Strict(s.sig, `${what} signature`);
  const envelope: DsseEnvelope = {
    payloadType: record.payloadType,
    payload: record.payload,
    signatures: [s.keyid === undefined ? { sig: s.sig } : { keyid: s.keyid, sig: s.sig }],
  };
  return { envelope, payload, signature };
}

/** Anything that can sign PAE bytes: a raw Ed25519 key, or ssh-keygen (SSHSIG). */
export interface Signer {
  /** The OpenSSH fingerprint of the public key, used as the DSSE keyid hint. */
  keyid: string;
  sign(message: Buffer): Promise<Buffer>;
}

/** Signs a payload into a one-signature envelope. */
export async function signEnvelope(payloadType: string, payload: Uint8Array, signer: Signer): Promise<DsseEnvelope> {
  const signature = await signer.sign(pae(payloadType, payload));
  return {
    payloadType,
    payload: Buffer.from(payload).toString('base64'),
    signatures: [{ keyid: signer.keyid, sig: signature.toString('base64') }],
  };
}

export function encodeEnvelope(envelope: DsseEnvelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
