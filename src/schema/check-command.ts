import type { CommandContext } from '../context.js';
import { renderReport } from '../report/render.js';
import { runSchemaCheck } from './check.js';
import { parseMode, parsePolicy } from './diff-command.js';

/** `eventctl schema check`: findings per topic in --format; exit 1 at --fail-on, 2 on input or git problems. */
export async function schemaCheckCommand(ctx: CommandContext, options: { against?: string; mode?: string; policy?: string }): Promise<number> {
  const loaded = await ctx.loadManifest();
  const report = await runSchemaCheck({
    loaded,
    now: ctx.now(),
    against: options.against,
    mode: options.mode === undefined ? undefined : parseMode(options.mode),
    policy: options.policy === undefined ? undefined : parsePolicy(options.policy),
    warn: (m) => ctx.warn(m),
  });
  return renderReport(ctx, report);
}
