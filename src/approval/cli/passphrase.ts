import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { askSecret } from '../../io/prompts.js';

export const PASSPHRASE_ENV = 'EVENTCTL_KEY_PASSPHRASE';

/**
 * A key passphrase: EVENTCTL_KEY_PASSPHRASE when set, else a prompt when a person is there
 * (never in CI, never with --format json), else a usage error saying what to set.
 */
export async function keyPassphrase(ctx: CommandContext, purpose: 'new' | 'existing', keyFile?: string): Promise<string> {
  const fromEnv = ctx.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const hint = `set ${PASSPHRASE_ENV} (for example from your secret store) to run without a terminal`;
  if (!ctx.interactive) {
    throw new UsageError(purpose === 'new' ? 'a passphrase is needed to encrypt the new key' : `a passphrase is needed to open ${keyFile ?? 'the key'}`, { hint });
  }
  if (purpose === 'existing') return askSecret(ctx, `Passphrase for ${keyFile ?? 'the key'}`, hint);
  const first = await askSecret(ctx, 'Passphrase for the new key', hint);
  const second = await askSecret(ctx, 'Repeat the passphrase', hint);
  if (first !== second) throw new UsageError('the passphrases do not match');
  return first;
}
