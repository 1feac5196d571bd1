import type { CommandContext } from '../context.js';
import { computeDrift, DRIFT_RULES } from '../ops/drift.js';
import { readLiveSnapshot } from '../ops/live-snapshot.js';
import { renderReport } from '../report/render.js';
import { openLiveAws, type LiveAwsOptions } from './aws-context.js';

/** `eventctl drift`: the manifest against the live account, as findings; exit 1 on drift. */
export async function runDrift(ctx: CommandContext, hooks: LiveAwsOptions = {}): Promise<number> {
  const loaded = await ctx.loadManifest();
  const aws = await openLiveAws(ctx, loaded.manifest, hooks);
  let snapshot;
  try {
    snapshot = await readLiveSnapshot({ sqs: await aws.ports.sqs(), eventBridge: await aws.ports.eventBridge() }, loaded.manifest);
  } finally {
    aws.close();
  }
  const findings = computeDrift(loaded.manifest, snapshot, (pointer) => loaded.locate(pointer));
  return renderReport(ctx, {
    command: 'drift',
    findings,
    rules: [...DRIFT_RULES],
    extra: { region: aws.region ?? null, endpoint: aws.endpoint ?? null },
  });
}
