import type { CloudWatchReader, MetricQuery, MetricSeries } from '../aws/cloudwatch.js';
import type { QueueAttributes, SqsReader } from '../aws/sqs.js';
import { RemoteError } from '../errors.js';
import type { ConsumerClass, LagSlo, Manifest } from '../manifest/model.js';
import { classifyLag, retentionWarning, statusRank, type LagStatus } from './lag-status.js';
import { mapLimit } from './map-limit.js';
import { buildPushLagQueries, pushLagTargets, pushObservation, type PushLagTarget } from './push-lag.js';
import { classifyPushLag, pushAgeSeconds, type PushLagObservation } from './push-lag-status.js';

/** One consumer to measure: its queue and (optionally) its DLQ. */
export interface LagTarget {
  consumer: string;
  class: ConsumerClass;
  queue: string;
  dlq?: string;
  slo?: LagSlo;
}

export interface LagPorts {
  sqs: SqsReader;
  cloudWatch: CloudWatchReader;
}

export interface LagOptions {
  now: Date;
  /** How far back the metrics window reaches (default 10 min). */
  windowSeconds?: number;
  /** Metric period (default 60 s, the SQS publishing interval). */
  periodSeconds?: number;
  /** Parallel GetQueueAttributes / GetQueueUrl calls (default 16). */
  concurrency?: number;
}

export interface ConsumerLag {
  consumer: string;
  class: ConsumerClass;
  /** How the consumer is delivered to: `sqs`, a push target kind, or `stream` (a stream reader). */
  kind: 'sqs' | PushLagObservation['kind'];
  /** The queue, function, state machine, stream, topic, API destination or bus measured. */
  target: string;
  /** Null for consumers without a queue. */
  queue: string | null;
  /** The queue's DLQ, or the EventBridge target DLQ of a push target. */
  dlq: string | null;
  status: LagStatus;
  reasons: string[];
  sloBreaches: string[];
  /** Null when the queue could not be read (it does not exist). */
  visible: number | null;
  inFlight: number | null;
  delayed: number | null;
  ageOfOldestSeconds: number | null;
  sent: number | null;
  received: number | null;
  deleted: number | null;
  dlqDepth: number | null;
  dlqInflow: number;
  /** MessageRetentionPeriod of the queue and its DLQ, seconds (null: not read). */
  retentionSeconds: number | null;
  dlqRetentionSeconds: number | null;
  /** Latest ApproximateAgeOfOldestMessage of the DLQ, seconds. */
  dlqAgeOfOldestSeconds: number | null;
  /** Messages about to be deleted by retention, in words (also in `reasons`). */
  retentionWarnings: string[];
  drainEtaSeconds: number | null;
  newestDatapointAgeSeconds: number | null;
  slo: LagSlo | null;
  /** Push targets: the window's CloudWatch values that judged them (null: no datapoint). */
  metrics?: Record<string, number | null>;
}

export interface LagReport {
  schemaVersion: 1;
  generatedAt: string;
  window: { start: string; end: string; periodSeconds: number };
  consumers: ConsumerLag[];
  /** True when any consumer breaches its manifest SLO (exit 1). */
  sloBreached: boolean;
  /** Distinct queues and DLQs looked up, and those that do not exist (all missing: wrong region or account). */
  queuesChecked: number;
  missingQueues: string[];
}

/**
 * Consumers to measure, optionally filtered by name (unknown names are the caller's error): those
 * with a queue (`targets`), those EventBridge delivers to directly or that read a stream (`push`),
 * and the rest (`withoutQueue`: nothing to measure).
 */
export function lagTargets(
  manifest: Manifest,
  names: readonly string[] = [],
): { targets: LagTarget[]; push: PushLagTarget[]; unknown: string[]; withoutQueue: string[] } {
  const byName = new Map(manifest.consumers.map((c) => [c.name, c]));
  const unknown = names.filter((n) => !byName.has(n));
  const chosen = names.length > 0 ? names.flatMap((n) => (byName.has(n) ? [byName.get(n)!] : [])) : manifest.consumers;
  const push = pushLagTargets(manifest, new Set(chosen.map((c) => c.name)));
  const pushed = new Set(push.map((p) => p.consumer));
  const queued = chosen.filter((c) => c.queue && !pushed.has(c.name));
  const withoutQueue = chosen.filter((c) => !c.queue && !pushed.has(c.name)).map((c) => c.name);
  const targets = queued.map((c) => ({ consumer: c.name, class: c.class, queue: c.queue!, dlq: c.dlq ?? c.target?.deadLetter, slo: c.lag }));
  return { targets, push, unknown, withoutQueue };
}

/** Longest common prefix of queue names: narrows ListQueues to the platform's queues. */
export function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const name of names) {
    while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** Above this many queues one paged ListQueues beats a GetQueueUrl per queue. */
export const LIST_QUEUES_THRESHOLD = 10;

/**
 * Queue URLs by name: GetQueueUrl per queue for a few, one paged ListQueues for many (falling back
 * to GetQueueUrl for names it did not return). Names that do not exist come back in `missing`.
 */
export async function findQueueUrls(
  sqs: SqsReader,
  names: readonly string[],
  concurrency: number,
): Promise<{ urls: Map<string, string>; missing: string[] }> {
  const unique = [...new Set(names)];
  const urls = new Map<string, string>();
  if (unique.length > LIST_QUEUES_THRESHOLD) {
    try {
      const listed = await sqs.listQueueUrls(commonPrefix(unique));
      for (const name of unique) {
        const url = listed.get(name);
        if (url) urls.set(name, url);
      }
    } catch (error) {
      // No sqs:ListQueues permission is common; GetQueueUrl per queue still works.
      if (!(error instanceof RemoteError)) throw error;
    }
  }
  const unlisted = unique.filter((n) => !urls.has(n));
  const found = await mapLimit(unlisted, concurrency, (name) => sqs.findQueueUrl(name));
  const missing: string[] = [];
  unlisted.forEach((name, i) => {
    const url = found[i];
    if (url) urls.set(name, url);
    else missing.push(name);
  });
  return { urls, missing };
}

/** Like findQueueUrls, but a queue that does not exist is an error (exit 4) naming it. */
export async function resolveQueueUrls(sqs: SqsReader, names: readonly string[], concurrency: number): Promise<Map<string, string>> {
  const { urls, missing } = await findQueueUrls(sqs, names, concurrency);
  // GetQueueUrl raises the standard "queue X does not exist" error for the first missing one.
  for (const name of missing) await sqs.getQueueUrl(name);
  return urls;
}

interface QueueMetricIds {
  sent: string;
  /** Per-period visible count (consumer queues). */
  visible?: string;
  /** Lowest visible count over the window (DLQs: growth since then is the inflow). */
  lowest?: string;
  age?: string;
  /** DLQs: age of the oldest message, to warn before retention deletes it. */
  dlqAge?: string;
  received?: string;
  deleted?: string;
}

/**
 * The metric queries (AWS/SQS, QueueName), deduplicated per queue. Series whose shape matters
 * (age of oldest, visible backlog) use `periodSeconds`; values whose window total or extreme is all
 * we use take one period spanning the window — fewer datapoints to fetch and to scan.
 * Consumer queues: age, visible, sent, received, deleted. DLQs: lowest visible over the window
 * (growth since then is the inflow: redrive moves are not counted as sent), sent (EventBridge
 * target DLQs are sent to) and the age of the oldest message (retention warning).
 */
export function buildLagQueries(
  targets: readonly LagTarget[],
  periodSeconds: number,
  windowSeconds = DEFAULT_WINDOW_SECONDS,
  /** Target DLQs of push targets: measured like any DLQ. */
  extraDlqs: readonly string[] = [],
): { queries: MetricQuery[]; ids: Map<string, QueueMetricIds> } {
  const ids = new Map<string, QueueMetricIds>();
  const index = new Map<string, number>();
  const queries: MetricQuery[] = [];
  const add = (queue: string, id: string, metricName: string, stat: MetricQuery['stat'], period: number) =>
    queries.push({ id, namespace: 'AWS/SQS', metricName, dimensions: { QueueName: queue }, stat, periodSeconds: period });
  const ensure = (queue: string, role: 'queue' | 'dlq') => {
    let k = index.get(queue);
    if (k === undefined) {
      k = index.size;
      index.set(queue, k);
      ids.set(queue, { sent: `q${k}s` });
      add(queue, `q${k}s`, 'NumberOfMessagesSent', 'Sum', windowSeconds);
    }
    const entry = ids.get(queue)!;
    if (role === 'queue' && !entry.age) {
      entry.age = `q${k}a`;
      entry.visible = `q${k}v`;
      entry.received = `q${k}r`;
      entry.deleted = `q${k}d`;
      add(queue, entry.age, 'ApproximateAgeOfOldestMessage', 'Maximum', periodSeconds);
      add(queue, entry.visible, 'ApproximateNumberOfMessagesVisible', 'Maximum', periodSeconds);
      add(queue, entry.received, 'NumberOfMessagesReceived', 'Sum', windowSeconds);
      add(queue, entry.deleted, 'NumberOfMessagesDeleted', 'Sum', windowSeconds);
    }
    if (role === 'dlq' && !entry.lowest) {
      entry.lowest = `q${k}m`;
      entry.dlqAge = `q${k}o`;
      add(queue, entry.lowest, 'ApproximateNumberOfMessagesVisible', 'Minimum', windowSeconds);
      // Only the latest value matters (how close the oldest failure is to expiry): one window-long period.
      add(queue, entry.dlqAge, 'ApproximateAgeOfOldestMessage', 'Maximum', windowSeconds);
    }
  };
  for (const target of targets) {
    ensure(target.queue, 'queue');
    if (target.dlq) ensure(target.dlq, 'dlq');
  }
  for (const dlq of extraDlqs) ensure(dlq, 'dlq');
  return { queries, ids };
}

const values = (series: MetricSeries | undefined) => (series?.points ?? []).map((p) => p.value);
const sum = (series: MetricSeries | undefined) => (series && series.points.length > 0 ? values(series).reduce((a, b) => a + b, 0) : undefined);
const last = (series: MetricSeries | undefined) => series?.points[series.points.length - 1]?.value;
const lowest = (series: MetricSeries | undefined) => (series && series.points.length > 0 ? Math.min(...values(series)) : undefined);

/**
 * Messages that arrived in the DLQ during the window: its growth since the window's lowest depth
 * (redrive moves are not counted as sent), or the explicit sends, whichever is larger.
 */
export function dlqInflow(lowestVisible: number | undefined, liveVisible: number | undefined, sent: number | undefined): number {
  const growth = lowestVisible === undefined || liveVisible === undefined ? 0 : liveVisible - lowestVisible;
  return Math.max(0, growth, sent ?? 0);
}

/** Burrow evaluates 10 intervals; SQS publishes every minute: a 10-minute window. */
export const DEFAULT_WINDOW_SECONDS = 600;

/**
 * Lag for every target: one GetQueueAttributes per distinct queue (bounded concurrency), and one
 * GetMetricData per 500 metric queries.
 */
export async function collectLag(
  ports: LagPorts,
  targets: readonly LagTarget[],
  options: LagOptions,
  /** Push targets, and the state machine ARNs (by name) their AWS/States metrics need. */
  push: { targets: readonly PushLagTarget[]; stateMachineArns: ReadonlyMap<string, string> } = { targets: [], stateMachineArns: new Map() },
): Promise<LagReport> {
  const periodSeconds = options.periodSeconds ?? 60;
  const windowSeconds = options.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const concurrency = options.concurrency ?? 16;
  const now = options.now;
  const end = new Date(Math.ceil(now.getTime() / (periodSeconds * 1000)) * periodSeconds * 1000);
  const start = new Date(end.getTime() - windowSeconds * 1000);

  const pushDlqs = push.targets.flatMap((t) => (t.targetDlq ? [t.targetDlq] : []));
  const names = [...targets.flatMap((t) => (t.dlq ? [t.queue, t.dlq] : [t.queue])), ...pushDlqs];
  const { queries: queueQueries, ids } = buildLagQueries(targets, periodSeconds, windowSeconds, pushDlqs);
  const pushQueries = buildPushLagQueries(push.targets, periodSeconds, windowSeconds, push.stateMachineArns);
  // One batched GetMetricData sequence (500 queries per call) for queues and push targets alike.
  const queries = [...queueQueries, ...pushQueries.queries];
  // Metrics and queue counts are independent: fetch them at the same time.
  // A queue that does not exist makes its consumer ERR; it does not hide everyone else's lag.
  const [{ attributes, missing }, series] = await Promise.all([
    (async () => {
      const found = await findQueueUrls(ports.sqs, names, concurrency);
      const unique = [...found.urls.keys()];
      const result = await mapLimit(unique, concurrency, (name) => ports.sqs.getQueueAttributes(found.urls.get(name)!, COUNTS));
      return { attributes: new Map<string, QueueAttributes>(unique.map((name, i) => [name, result[i]!])), missing: new Set(found.missing) };
    })(),
    ports.cloudWatch.getMetricData(queries, { start, end }),
  ]);

  const consumers = targets.map((target): ConsumerLag => {
    if (missing.has(target.queue)) return missingQueueLag(target, `queue ${target.queue} does not exist`);
    const q = ids.get(target.queue)!;
    const d = target.dlq ? ids.get(target.dlq) : undefined;
    const attrs = attributes.get(target.queue)!;
    const dlqAttrs = target.dlq ? attributes.get(target.dlq) : undefined;
    const dlqMissing = target.dlq !== undefined && missing.has(target.dlq);
    // Freshness from the per-minute series only: window-long values carry the window's start time.
    const own = [q.age!, q.visible!];
    const newest = Math.max(...own.flatMap((id) => (series.get(id)?.points ?? []).map((p) => p.timestamp.getTime())));
    const newestAge = Number.isFinite(newest) ? Math.max(0, (now.getTime() - newest) / 1000) : undefined;
    const observation = {
      visible: attrs.visible,
      inFlight: attrs.inFlight,
      delayed: attrs.delayed,
      ageOfOldestSeconds: last(series.get(q.age!)),
      backlogSeries: values(series.get(q.visible!)),
      sent: sum(series.get(q.sent)),
      received: sum(series.get(q.received!)),
      deleted: sum(series.get(q.deleted!)),
      dlqInflow: d ? dlqInflow(lowest(series.get(d.lowest!)), dlqAttrs?.visible, sum(series.get(d.sent))) : 0,
      windowSeconds,
      newestDatapointAgeSeconds: newestAge,
      slo: target.slo,
    };
    const classified = classifyLag(observation);
    const dlqAge = d?.dlqAge ? last(series.get(d.dlqAge)) : undefined;
    const expiring = [
      ...retentionWarning(target.queue, 'queue', observation.ageOfOldestSeconds, attrs.messageRetentionSeconds),
      ...retentionWarning(target.dlq ?? '', 'DLQ', dlqAttrs?.visible ? dlqAge : undefined, dlqAttrs?.messageRetentionSeconds),
    ];
    const withRetention = expiring.length === 0
      ? classified
      : { ...classified, status: classified.status === 'OK' ? ('WARN' as const) : classified.status, reasons: [...classified.reasons, ...expiring] };
    const verdict = dlqMissing
      ? { ...withRetention, status: 'ERR' as const, reasons: [`DLQ ${target.dlq} does not exist: failures have nowhere to go`, ...withRetention.reasons] }
      : withRetention;
    return {
      consumer: target.consumer,
      class: target.class,
      kind: 'sqs',
      target: target.queue,
      queue: target.queue,
      dlq: target.dlq ?? null,
      status: verdict.status,
      reasons: verdict.reasons,
      sloBreaches: verdict.sloBreaches,
      visible: attrs.visible,
      inFlight: attrs.inFlight,
      delayed: attrs.delayed,
      ageOfOldestSeconds: observation.ageOfOldestSeconds ?? null,
      sent: observation.sent ?? null,
      received: observation.received ?? null,
      deleted: observation.deleted ?? null,
      dlqDepth: dlqAttrs ? dlqAttrs.visible : null,
      dlqInflow: observation.dlqInflow,
      retentionSeconds: attrs.messageRetentionSeconds ?? null,
      dlqRetentionSeconds: dlqAttrs?.messageRetentionSeconds ?? null,
      dlqAgeOfOldestSeconds: dlqAge ?? null,
      retentionWarnings: expiring,
      drainEtaSeconds: verdict.drainEtaSeconds,
      newestDatapointAgeSeconds: newestAge === undefined ? null : Math.round(newestAge),
      slo: target.slo ?? null,
    };
  });

  const pushed = push.targets.map((target, k): ConsumerLag => {
    const dlqIds = target.targetDlq ? ids.get(target.targetDlq) : undefined;
    const dlqAttrs = target.targetDlq ? attributes.get(target.targetDlq) : undefined;
    const inflow = dlqIds ? dlqInflow(lowest(series.get(dlqIds.lowest!)), dlqAttrs?.visible, sum(series.get(dlqIds.sent))) : 0;
    const observation = pushObservation(target, pushQueries.ids[k]!, series, inflow, windowSeconds);
    let verdict = classifyPushLag(observation);
    if (target.kind === 'stepfunctions' && !push.stateMachineArns.has(target.resource)) {
      verdict = { ...verdict, status: 'ERR', reasons: [`state machine ${target.resource} does not exist`, ...verdict.reasons] };
    }
    if (target.targetDlq && missing.has(target.targetDlq)) {
      verdict = { ...verdict, status: 'ERR', reasons: [`target DLQ ${target.targetDlq} does not exist: failed events are dropped`, ...verdict.reasons] };
    }
    const own = Object.values(pushQueries.ids[k]!);
    const newest = Math.max(...own.flatMap((id) => (series.get(id)?.points ?? []).map((p) => p.timestamp.getTime())));
    const age = pushAgeSeconds(observation);
    return {
      consumer: target.consumer,
      class: target.class,
      kind: target.kind,
      target: target.resource,
      queue: null,
      dlq: target.targetDlq ?? null,
      status: verdict.status,
      reasons: verdict.reasons,
      sloBreaches: verdict.sloBreaches,
      visible: null,
      inFlight: null,
      delayed: null,
      ageOfOldestSeconds: age === undefined ? null : Math.round(age),
      sent: null,
      received: null,
      deleted: null,
      dlqDepth: dlqAttrs ? dlqAttrs.visible : null,
      dlqInflow: inflow,
      drainEtaSeconds: null,
      // Push targets hold no queue of their own; their target DLQ's retention is not read here.
      retentionSeconds: null,
      dlqRetentionSeconds: null,
      dlqAgeOfOldestSeconds: null,
      retentionWarnings: [],
      newestDatapointAgeSeconds: Number.isFinite(newest) ? Math.round(Math.max(0, (now.getTime() - newest) / 1000)) : null,
      slo: target.slo ?? null,
      metrics: pushMetrics(observation),
    };
  });
  consumers.push(...pushed);

  return {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    window: { start: start.toISOString(), end: end.toISOString(), periodSeconds },
    consumers,
    sloBreached: consumers.some((c) => c.sloBreaches.length > 0),
    queuesChecked: new Set(names).size,
    missingQueues: [...missing].sort(),
  };
}

/** The values that judged a push target, for JSON output (null: no datapoint, or not a metric of its kind). */
function pushMetrics(observation: PushLagObservation): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(observation)) {
    if (key === 'kind' || key === 'slo' || key === 'windowSeconds' || key === 'targetDlqInflow') continue;
    if (Array.isArray(value)) out[key] = value.length > 0 ? Math.round(value[value.length - 1]!) : null;
    else out[key] = (value as number | undefined) ?? null;
  }
  return out;
}

/** The row of a consumer whose queue does not exist: ERR, nothing measured. */
function missingQueueLag(target: LagTarget, reason: string): ConsumerLag {
  return {
    consumer: target.consumer,
    class: target.class,
    kind: 'sqs',
    target: target.queue,
    queue: target.queue,
    dlq: target.dlq ?? null,
    status: 'ERR',
    reasons: [reason],
    // An SLO that cannot be measured is not met.
    sloBreaches: target.slo ? [`${reason}: the lag SLO cannot be measured`] : [],
    visible: null,
    inFlight: null,
    delayed: null,
    ageOfOldestSeconds: null,
    sent: null,
    received: null,
    deleted: null,
    dlqDepth: null,
    dlqInflow: 0,
    retentionSeconds: null,
    dlqRetentionSeconds: null,
    dlqAgeOfOldestSeconds: null,
    retentionWarnings: [],
    drainEtaSeconds: null,
    newestDatapointAgeSeconds: null,
    slo: target.slo ?? null,
  };
}

const COUNTS = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'MessageRetentionPeriod',
] as const;

export function worstStatus(report: LagReport): LagStatus {
  return report.consumers.reduce<LagStatus>((worst, c) => (statusRank(c.status) > statusRank(worst) ? c.status : worst), 'OK');
}
