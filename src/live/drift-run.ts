import type { CommandContext } from '../context.js';
import { ExitCode } from '../errors.js';
import { DRIFT_RULES } from '../ops/drift.js';
import { renderReport } from '../report/render.js';
import type { LiveAwsOptions } from './aws-context.js';
import { collectLiveDrift } from './live-drift.js';

/** `eventctl drift`: the manifest against the live account (or every account of `--env`), as findings; exit 1 on drift. */
export async function runDrift(ctx: CommandContext, hooks: LiveAwsOptions = {}): Promise<number> {
  const loaded = await ctx.loadManifest();
  const { openFanOut } = await import('./fanout.js');
  const fan = await openFanOut(ctx, loaded, hooks);
  if (fan) {
    try {
      const { collectDriftAcrossAccounts, FANOUT_DRIFT_RULES } = await import('./drift-fanout.js');
      const drift = await collectDriftAcrossAccounts(fan, loaded);
      const code = renderReport(ctx, {
        command: 'drift',
        findings: drift.findings,
        rules: [...FANOUT_DRIFT_RULES],
        extra: { environment: drift.environment, places: drift.places, endpoint: fan.endpoint ?? null },
      });
      if (drift.places.length > 0 && drift.places.every((p) => !p.ok)) return ExitCode.remote;
      return code;
    } finally {
      fan.close();
    }
  }
  const drift = await collectLiveDrift(ctx, loaded, hooks);
  return renderReport(ctx, {
    command: 'drift',
    findings: drift.findings,
    rules: [...DRIFT_RULES],
    extra: { region: drift.region ?? null, endpoint: drift.endpoint ?? null },
  });
}
