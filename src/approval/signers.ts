import type { KeyObject } from 'node:crypto';
import { sign as cryptoSign } from 'node:crypto';
import type { Signer } from './dsse.js';
import { ed25519PublicKeyOf, type Ed25519PublicKey } from './keys.js';
import { createSshsig, signWithSshKeygen } from './sshsig.js';

/** Policy scheme `ed25519`: a raw RFC 8032 signature over the PAE bytes (eventctl keys). */
export function ed25519Signer(privateKey: KeyObject): Signer & { publicKey: Ed25519PublicKey } {
  const publicKey = ed25519PublicKeyOf(privateKey);
  return { keyid: publicKey.fingerprint, publicKey, sign: async (message) => cryptoSign(null, message, privateKey) };
}

/** Policy scheme `sshsig` made in Node from a key object (tests, and the ssh-keygen interop check). */
export function nodeSshsigSigner(privateKey: KeyObject, namespace: string): Signer & { publicKey: Ed25519PublicKey } {
  const publicKey = ed25519PublicKeyOf(privateKey);
  return { keyid: publicKey.fingerprint, publicKey, sign: async (message) => createSshsig({ message, privateKey, namespace }) };
}

/** Policy scheme `sshsig` through `ssh-keygen -Y sign` (operators' keys, ssh-agent, hardware). */
export function sshKeygenSigner(input: { keyFile: string; publicKey: Ed25519PublicKey; namespace: string; sshKeygen?: string; env?: NodeJS.ProcessEnv }): Signer & { publicKey: Ed25519PublicKey } {
  return {
    keyid: input.publicKey.fingerprint,
    publicKey: input.publicKey,
    sign: (message) => signWithSshKeygen({ message, keyFile: input.keyFile, namespace: input.namespace, sshKeygen: input.sshKeygen, env: input.env }),
  };
}
