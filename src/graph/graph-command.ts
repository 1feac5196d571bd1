import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { renderDot } from './dot.js';
import { renderMermaid } from './mermaid.js';
import { buildTopology } from './topology.js';

/** `eventctl graph`: mermaid (also for the default text format), dot, or the model as json. Offline. */
export async function graphCommand(ctx: CommandContext): Promise<number> {
  const format = ctx.global.format;
  const loaded = await ctx.loadManifest();
  const topology = buildTopology(loaded.manifest);
  switch (format) {
    case 'text':
    case 'mermaid':
      ctx.emit(renderMermaid(topology));
      break;
    case 'dot':
      ctx.emit(renderDot(topology));
      break;
    case 'json':
      ctx.emit(JSON.stringify({ schemaVersion: 1, ...topology }, null, 2));
      break;
    default:
      throw new UsageError(`graph prints mermaid, dot or json, not ${format}`);
  }
  return ExitCode.ok;
}
