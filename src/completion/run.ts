import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { completionScript, SHELLS, type Shell } from './generate.js';

/** `eventctl completion <shell>`: the script for the commands this CLI was built with. */
export async function runCompletion(ctx: CommandContext, shell: string | undefined): Promise<number> {
  if (!SHELLS.includes(shell as Shell)) throw new UsageError(`no completion for '${shell ?? ''}'`, { hint: `use one of: ${SHELLS.join(', ')}` });
  ctx.emit(completionScript(shell as Shell, ctx.commands));
  return ExitCode.ok;
}
