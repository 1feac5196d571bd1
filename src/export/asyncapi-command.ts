import { dump } from 'js-yaml';
import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { buildAsyncApi } from './asyncapi.js';

export interface ExportAsyncApiOptions {
  infoVersion?: string;
}

/** `eventctl export asyncapi`: offline; YAML by default, JSON with --format json. */
export async function exportAsyncApi(ctx: CommandContext, options: ExportAsyncApiOptions): Promise<number> {
  const format = ctx.global.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`export asyncapi prints YAML (text) or json, not ${format}`);
  const loaded = await ctx.loadManifest();
  const missing = loaded.manifest.topics.filter((t) => !loaded.schemas.has(t.name)).map((t) => t.name);
  if (missing.length > 0) ctx.warn(`no schema for ${missing.join(', ')}: their messages have no payload`);
  const document = buildAsyncApi(loaded.manifest, loaded.schemas, {
    version: options.infoVersion ?? '1.0.0',
    manifestPath: loaded.relativeFile,
  });
  ctx.emit(format === 'json' ? JSON.stringify(document, null, 2) : dump(document, { noRefs: true, lineWidth: 100 }).trimEnd());
  return ExitCode.ok;
}
