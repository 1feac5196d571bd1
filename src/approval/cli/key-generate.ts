import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommandContext } from '../../context.js';
import { ExitCode, UsageError } from '../../errors.js';
import { generateApprovalKey, writeApprovalKey } from '../keys.js';
import { keyPassphrase } from './passphrase.js';

const PRINCIPAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface KeyGenerateOptions {
  principal?: string;
  out?: string;
}

/** `eventctl key generate`: an Ed25519 approval key, encrypted, plus its policy snippet. */
export async function keyGenerate(ctx: CommandContext, options: KeyGenerateOptions): Promise<number> {
  const principal = options.principal;
  if (!principal || !PRINCIPAL.test(principal)) {
    throw new UsageError('--principal <name> is required (letters, digits, dot, dash, underscore)');
  }
  if (!options.out) throw new UsageError('--out <path> is required', { hint: `e.g. --out ~/.eventctl/${principal} writes ${principal}.key and ${principal}.pub` });
  const out = ctx.resolvePath(options.out.startsWith('~/') ? join(homedir(), options.out.slice(2)) : options.out);
  const passphrase = await keyPassphrase(ctx, 'new');
  const key = generateApprovalKey(principal, passphrase);
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  const { keyFile, pubFile } = await writeApprovalKey(out, key);
  if (ctx.global.format === 'json') {
    ctx.emit(JSON.stringify({
      schemaVersion: 1, principal, scheme: 'ed25519', fingerprint: key.publicKey.fingerprint,
      publicKey: key.publicLine, keyFile, publicKeyFile: pubFile,
    }, null, 2));
    return ExitCode.ok;
  }
  ctx.info(`wrote ${keyFile} (encrypted PKCS#8, mode 0600) and ${pubFile}`);
  ctx.emit([
    `fingerprint: ${key.publicKey.fingerprint}`,
    `public key:  ${key.publicLine}`,
    '',
    'Add it to the approval policy (in a reviewed change):',
    `  ${principal}:`,
    '    groups: [<your-groups>]',
    '    keys:',
    `      - id: "${key.publicKey.fingerprint}"`,
    '        scheme: ed25519',
    `        publicKey: "${key.publicLine}"`,
  ].join('\n'));
  return ExitCode.ok;
}
