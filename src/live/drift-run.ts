import type { CommandContext } from '../context.js';
import { DRIFT_RULES } from '../ops/drift.js';
import { renderReport } from '../report/render.js';
import type { LiveAwsOptions } from './aws-context.js';
import { collectLiveDrift } from './live-drift.js';

/** `eventctl drift`: the manifest against the live account, as findings; exit 1 on drift. */
export async function runDrift(ctx: CommandContext, hooks: LiveAwsOptions = {}): Promise<number> {
  const loaded = await ctx.loadManifest();
  const drift = await collectLiveDrift(ctx, loaded, hooks);
  return renderReport(ctx, {
    command: 'drift',
    findings: drift.findings,
    rules: [...DRIFT_RULES],
    extra: { region: drift.region ?? null, endpoint: drift.endpoint ?? null, aws: drift.aws, ...(drift.noneExist ? { noneExist: drift.noneExist } : {}) },
  });
}
