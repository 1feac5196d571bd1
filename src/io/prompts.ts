import type { CommandContext } from '../context.js';
import { AbortError, UsageError } from '../errors.js';

/**
 * The only place that prompts. A prompt appears only when a person can answer it
 * (`ctx.interactive`: TTY stdin and stderr, not CI, not --format json); otherwise the caller's
 * `--yes` decides, and without it we stop with a usage error instead of blocking CI.
 * @inquirer/prompts loads lazily; Ctrl-C inside a prompt becomes AbortError (exit 130).
 */
export async function confirmAction(
  ctx: CommandContext,
  message: string,
  options: { yes?: boolean; flag?: string } = {},
): Promise<void> {
  if (options.yes) return;
  if (!ctx.interactive) {
    throw new UsageError(`${message.replace(/\?$/, '')}: refusing to continue without confirmation`, {
      hint: `pass ${options.flag ?? '--yes'} to confirm when not running in an interactive terminal`,
    });
  }
  const { confirm } = await import('@inquirer/prompts');
  const answer = await asAbortable(() => confirm({ message, default: false }, { output: process.stderr }));
  if (!answer) throw new AbortError('aborted: not confirmed');
}

/** Asks for a secret (a key passphrase) on the terminal; never echoes it. */
export async function askSecret(ctx: CommandContext, message: string, hint: string): Promise<string> {
  if (!ctx.interactive) throw new UsageError(`${message}: no terminal to ask on`, { hint });
  const { password } = await import('@inquirer/prompts');
  return asAbortable(() => password({ message, mask: true }, { output: process.stderr }));
}

async function asAbortable<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new AbortError('aborted by the user');
    throw error;
  }
}

/** Asks for a line of text on the terminal (only when `ctx.interactive`; callers check first). */
export async function askText(
  ctx: CommandContext,
  message: string,
  options: { default?: string; validate?: (value: string) => true | string } = {},
): Promise<string> {
  if (!ctx.interactive) throw new UsageError(`${message}: no terminal to ask on`);
  const { input } = await import('@inquirer/prompts');
  return asAbortable(() =>
    input({ message, default: options.default, validate: options.validate ? (v: string) => options.validate!(v.trim()) : undefined }, { output: process.stderr }),
  ).then((v) => v.trim());
}

/** Asks the person to pick one of `choices` (only when `ctx.interactive`). */
export async function askChoice<T extends string>(
  ctx: CommandContext,
  message: string,
  choices: ReadonlyArray<{ value: T; description?: string }>,
  defaultValue?: T,
): Promise<T> {
  if (!ctx.interactive) throw new UsageError(`${message}: no terminal to ask on`);
  const { select } = await import('@inquirer/prompts');
  return asAbortable(() =>
    select<T>({ message, choices: choices.map((c) => ({ value: c.value, name: c.value, description: c.description })), default: defaultValue }, { output: process.stderr }),
  );
}
