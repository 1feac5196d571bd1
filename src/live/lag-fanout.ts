import type { CommandContext } from '../context.js';
import { renderLagOpenMetrics } from '../ops/lag-openmetrics.js';
import { collectLag, lagTargets, type ConsumerLag, type LagTarget } from '../ops/lag.js';
import type { PushLagTarget } from '../ops/push-lag.js';
import { stateMachineArnsFor } from './state-machine-arns.js';
import { placeLabel, type AccountRegion } from '../ops/environment.js';
import { fanOutExitCode, type FanOut } from './fanout.js';
import { plainTable, wrapParagraph } from '../report/table.js';
import { formatDuration } from '../text/format-duration.js';

/** A lag row that says where it was read. */
export type PlacedConsumerLag = ConsumerLag & { account: string; accountId: string; region: string };

export interface PlaceStatus {
  account: string;
  accountId: string;
  region: string;
  ok: boolean;
  reason?: string;
}

export interface FanOutLagReport {
  schemaVersion: 1;
  environment: string;
  generatedAt: string;
  window: { start: string; end: string; periodSeconds: number };
  consumers: PlacedConsumerLag[];
  places: PlaceStatus[];
  sloBreached: boolean;
}

export function placeFields(place: AccountRegion) {
  return { account: place.alias, accountId: place.accountId, region: place.region };
}

/** A consumer its account could not be read for: an ERR row carrying the reason. */
function unreadRow(target: LagTarget | PushLagTarget, reason: string): ConsumerLag {
  const queued = 'queue' in target;
  return {
    consumer: target.consumer, class: target.class, kind: queued ? 'sqs' : target.kind, target: queued ? target.queue : target.resource,
    queue: queued ? target.queue : null, dlq: (queued ? target.dlq : target.targetDlq) ?? null, status: 'ERR', reasons: [reason], sloBreaches: [],
    visible: null, inFlight: null, delayed: null, ageOfOldestSeconds: null, sent: null, received: null, deleted: null,
    dlqDepth: null, dlqInflow: 0, retentionSeconds: null, dlqRetentionSeconds: null, dlqAgeOfOldestSeconds: null, retentionWarnings: [],
    drainEtaSeconds: null, newestDatapointAgeSeconds: null, slo: target.slo ?? null,
  };
}

/** `lag --env`: every account × region at once; one batched GetMetricData per account-region. */
export async function collectLagAcrossAccounts(
  fan: FanOut,
  names: readonly string[],
  options: { now: Date; windowSeconds: number; concurrency: number; chosen?: (target: LagTarget | PushLagTarget) => boolean },
): Promise<FanOutLagReport> {
  // `--class`/`--owner` narrow every account's targets as they narrow a single account's.
  const chosen = options.chosen ?? (() => true);
  // Queue-backed consumers and push targets (functions, state machines, streams, ...) alike.
  const measured = (manifest: Parameters<typeof lagTargets>[0]) => {
    const found = lagTargets(manifest, names.filter((n) => manifest.consumers.some((c) => c.name === n)));
    return { targets: found.targets.filter(chosen), push: found.push.filter(chosen) };
  };
  const nothingIn = (manifest: Parameters<typeof lagTargets>[0]) => {
    const { targets, push } = measured(manifest);
    return targets.length === 0 && push.length === 0;
  };
  const wanted = (manifest: Parameters<typeof lagTargets>[0]) => (names.length === 0 ? true : manifest.consumers.some((c) => names.includes(c.name)));
  const results = await fan.run(
    async (slice) => {
      const { targets, push } = measured(slice.projection.manifest);
      const stateMachineArns = await stateMachineArnsFor(push, slice.ports);
      return collectLag({ sqs: await slice.ports.sqs(), cloudWatch: await slice.ports.cloudWatch() }, targets, options, { targets: push, stateMachineArns });
    },
    { skip: (projection) => !wanted(projection.manifest) || nothingIn(projection.manifest) },
  );
  const end = options.now;
  const consumers: PlacedConsumerLag[] = [];
  let window: FanOutLagReport['window'] = { start: new Date(end.getTime() - options.windowSeconds * 1000).toISOString(), end: end.toISOString(), periodSeconds: 60 };
  for (const result of results) {
    const where = placeFields(result.place);
    if (result.ok) {
      window = result.value.window;
      for (const row of result.value.consumers) consumers.push({ ...where, ...row });
    } else {
      const { targets, push } = measured(fan.slice(result.place.alias, result.place.region).projection.manifest);
      for (const target of [...targets, ...push]) consumers.push({ ...where, ...unreadRow(target, result.reason) });
    }
  }
  return {
    schemaVersion: 1,
    environment: fan.envName,
    generatedAt: end.toISOString(),
    window,
    consumers,
    places: results.map((r) => ({ ...placeFields(r.place), ok: r.ok, ...(r.ok ? {} : { reason: r.reason }) })),
    sloBreached: consumers.some((c) => c.sloBreaches.length > 0),
  };
}

export function lagFanOutExitCode(report: FanOutLagReport): number {
  return fanOutExitCode(report.places, report.sloBreached || report.consumers.some((c) => c.status === 'ERR'));
}

export function renderLagAcrossAccounts(ctx: Pick<CommandContext, 'color' | 'global'> & { tableWidth?: number }, report: FanOutLagReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  if (ctx.global.format === 'openmetrics') return renderLagOpenMetrics(report);
  const head = ['ACCOUNT/REGION', 'CONSUMER', 'STATUS', 'VISIBLE', 'IN-FLIGHT', 'OLDEST', 'DLQ', 'ETA'];
  const paint = (status: string) => (status === 'OK' ? ctx.color.green(status) : status === 'WARN' ? ctx.color.yellow(status) : ctx.color.red(status));
  const cells = (c: PlacedConsumerLag, color: boolean) => [
    placeLabel({ alias: c.account, region: c.region }),
    c.consumer,
    color ? paint(c.status) : c.status,
    c.visible === null ? '-' : String(c.visible),
    c.inFlight === null ? '-' : String(c.inFlight),
    formatDuration(c.ageOfOldestSeconds),
    c.dlqDepth === null ? '-' : String(c.dlqDepth),
    c.drainEtaSeconds === null ? ((c.visible ?? 0) > 0 ? 'never' : '-') : formatDuration(c.drainEtaSeconds),
  ];
  const notes = report.consumers
    .filter((c) => c.status !== 'OK' || c.sloBreaches.length > 0)
    .map((c) => `${placeLabel({ alias: c.account, region: c.region })} ${c.consumer}: ${c.reasons.join('; ')}`);
  const failed = report.places.filter((p) => !p.ok).length;
  const summary = `${report.consumers.length} consumer row(s) in ${report.places.length} account-region(s) of ${report.environment}${failed ? `, ${failed} unreadable` : ''}${report.sloBreached ? ', SLO breached' : ''}`;
  if (ctx.global.format === 'markdown') {
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...report.consumers.map((c) => `| ${cells(c, false).join(' | ')} |`), '', ...notes.map((n) => `- ${n}`)].join('\n');
  }
  const width = ctx.tableWidth;
  return [plainTable(head, report.consumers.map((c) => cells(c, true)), new Set([3, 4, 6]), width), '', ...notes.map((n) => wrapParagraph(n, width)), ctx.color.dim(wrapParagraph(summary, width))].join('\n');
}
