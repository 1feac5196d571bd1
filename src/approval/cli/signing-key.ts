import type { CommandContext } from '../../context.js';
import { readUserText } from '../../io/read-user-file.js';
import type { Signer } from '../dsse.js';
import { loadApprovalPrivateKey, parseSshPublicKeyLine, type Ed25519PublicKey } from '../keys.js';
import { ed25519Signer, sshKeygenSigner } from '../signers.js';
import { keyPassphrase } from './passphrase.js';

/** A PEM or an ssh public key line is a few hundred bytes; anything past this is not a key. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

export interface SigningKeyFlags {
  /** `--key <file>`: an eventctl key (PEM, maybe encrypted). */
  key?: string;
  /** `--ssh-key <file>`: signed by ssh-keygen; its public key sits beside it. */
  sshKey?: string;
}

/**
 * The signer named by `--key` or `--ssh-key` (exactly one; the caller checks). Both files are
 * user-named, so both go through read-user-file: a directory, FIFO or /dev/zero is exit 2.
 */
export async function signerFromFlags(ctx: CommandContext, flags: SigningKeyFlags, sshNamespace: string): Promise<{ signer: Signer; publicKey: Ed25519PublicKey }> {
  if (flags.key !== undefined) {
    const keyFile = ctx.resolvePath(flags.key);
    const pem = await readUserText(keyFile, { maxBytes: MAX_KEY_FILE_BYTES, what: 'key file', shownAs: flags.key });
    const passphrase = pem.includes('ENCRYPTED') ? await keyPassphrase(ctx, 'existing', keyFile) : undefined;
    const signer = ed25519Signer(loadApprovalPrivateKey(pem, passphrase, keyFile));
    return { signer, publicKey: signer.publicKey };
  }
  const keyFile = ctx.resolvePath(flags.sshKey!);
  const pubFile = keyFile.endsWith('.pub') ? keyFile : `${keyFile}.pub`;
  // ssh-keygen writes <key>.pub beside the private key; the signature is checked against it.
  const line = await readUserText(pubFile, { maxBytes: MAX_KEY_FILE_BYTES, what: 'public key file', shownAs: pubFile });
  const publicKey = parseSshPublicKeyLine(line);
  return { signer: sshKeygenSigner({ keyFile, publicKey, namespace: sshNamespace, env: ctx.env }), publicKey };
}
