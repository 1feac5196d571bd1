import type { CommandContext } from '../context.js';
import type { LoadedManifest } from '../manifest/model.js';
import { computeDrift } from '../ops/drift.js';
import { readLiveSnapshot } from '../ops/live-snapshot.js';
import type { Finding } from '../report/finding.js';
import { openLiveAws, type LiveAwsOptions } from './aws-context.js';

export interface LiveDrift {
  findings: Finding[];
  region?: string;
  endpoint?: string;
}

/** Reads the live account once and compares it with the manifest (drift, and review --live). */
export async function collectLiveDrift(ctx: CommandContext, loaded: LoadedManifest, hooks: LiveAwsOptions = {}): Promise<LiveDrift> {
  // With an environment: every account x region (review --live reads what drift reads).
  const { openFanOut } = await import('./fanout.js');
  const fan = await openFanOut(ctx, loaded, hooks);
  if (fan) {
    try {
      const { collectDriftAcrossAccounts } = await import('./drift-fanout.js');
      return { findings: (await collectDriftAcrossAccounts(fan, loaded)).findings, endpoint: fan.endpoint };
    } finally {
      fan.close();
    }
  }
  const aws = await openLiveAws(ctx, loaded.manifest, hooks);
  let snapshot;
  try {
    snapshot = await readLiveSnapshot({ sqs: await aws.ports.sqs(), eventBridge: await aws.ports.eventBridge(), targets: aws.ports }, loaded.manifest);
  } finally {
    aws.close();
  }
  return { findings: computeDrift(loaded.manifest, snapshot, (pointer) => loaded.locate(pointer)), region: aws.region, endpoint: aws.endpoint };
}
