import { createHash, timingSafeEqual } from 'node:crypto';

/** Lowercase hex sha256 of bytes: the plan digest, the policy digest. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Constant-time compare of two hex digests (lengths differ ⇒ false). */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
