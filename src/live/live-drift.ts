import type { CommandContext } from '../context.js';
import type { LoadedManifest } from '../manifest/model.js';
import { computeDrift } from '../ops/drift.js';
import { readLiveSnapshot } from '../ops/live-snapshot.js';
import type { Finding } from '../report/finding.js';
import type { AwsWhere } from '../aws/where.js';
import { announceWhere, noneExistMessage, openLiveAws, type LiveAwsOptions } from './aws-context.js';

export interface LiveDrift {
  findings: Finding[];
  region?: string;
  endpoint?: string;
  aws?: AwsWhere;
  /** Set when not one declared bus or queue exists where the command looked. */
  noneExist?: string;
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
  let where: AwsWhere;
  try {
    snapshot = await readLiveSnapshot({ sqs: await aws.ports.sqs(), eventBridge: await aws.ports.eventBridge(), targets: aws.ports }, loaded.manifest);
    where = await announceWhere(ctx, aws);
  } finally {
    aws.close();
  }
  const findings = computeDrift(loaded.manifest, snapshot, (pointer) => loaded.locate(pointer));
  const declared = loaded.manifest.buses.length + new Set(loaded.manifest.consumers.flatMap((c) => [c.queue, c.dlq].filter((q): q is string => !!q))).size;
  const missing = new Set(findings.filter((f) => /^drift\/missing-(bus|queue|dlq)$/.test(f.rule)).map((f) => `${f.subject.kind} ${f.subject.name}`)).size;
  const noneExist = declared > 0 && missing >= declared ? noneExistMessage(where, declared, 'buses and queues') : undefined;
  if (noneExist) ctx.warn(noneExist);
  return { findings, region: aws.region, endpoint: aws.endpoint, aws: where, noneExist };
}
