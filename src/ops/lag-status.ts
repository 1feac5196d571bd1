import { formatDuration } from '../text/format-duration.js';
import type { LagSlo } from '../manifest/model.js';

/**
 * Consumer status in the spirit of Burrow's evaluation rules, adapted to SQS: Burrow judges a
 * sliding window of offsets; we judge a window of CloudWatch datapoints plus the live counts.
 */
export type LagStatus = 'OK' | 'WARN' | 'STALL' | 'STOP' | 'ERR';
export const LAG_STATUSES: readonly LagStatus[] = ['OK', 'WARN', 'STALL', 'STOP', 'ERR'];

export interface LagObservation {
  /** Live counts from GetQueueAttributes. */
  visible: number;
  inFlight: number;
  delayed: number;
  /** Latest ApproximateAgeOfOldestMessage datapoint, seconds; undefined without metrics. */
  ageOfOldestSeconds?: number;
  /** ApproximateNumberOfMessagesVisible over the window, oldest first. */
  backlogSeries: readonly number[];
  /** Sums over the window; undefined when CloudWatch had no datapoint for the metric. */
  sent?: number;
  received?: number;
  deleted?: number;
  /** Messages that reached the DLQ during the window. */
  dlqInflow: number;
  windowSeconds: number;
  /** Seconds since the newest datapoint of any of the consumer's metrics; undefined: none. */
  newestDatapointAgeSeconds?: number;
  slo?: LagSlo;
}

export interface LagVerdict {
  status: LagStatus;
  /** Why, in words, most important first. */
  reasons: string[];
  /** SLO limits exceeded (exit 1). */
  sloBreaches: string[];
  /** Seconds until the backlog is gone at the current net rate; 0 when empty, null when it is not falling. */
  drainEtaSeconds: number | null;
}

/** Metrics older than this are flagged as stale (SQS publishes every minute; up to 15 min when a queue wakes). */
export const STALE_AFTER_SECONDS = 5 * 60;

export function drainEta(observation: Pick<LagObservation, 'visible' | 'sent' | 'deleted' | 'windowSeconds'>): number | null {
  if (observation.visible === 0) return 0;
  if (observation.deleted === undefined || observation.windowSeconds <= 0) return null;
  const net = (observation.deleted - (observation.sent ?? 0)) / observation.windowSeconds;
  if (net <= 0) return null;
  return Math.ceil(observation.visible / net);
}

export function sloBreaches(observation: LagObservation): string[] {
  const breaches: string[] = [];
  const { slo } = observation;
  if (slo?.maxAgeSeconds !== undefined && observation.ageOfOldestSeconds !== undefined && observation.ageOfOldestSeconds > slo.maxAgeSeconds) {
    breaches.push(`oldest message ${Math.round(observation.ageOfOldestSeconds)}s > maxAgeSeconds ${slo.maxAgeSeconds}`);
  }
  if (slo?.maxDepth !== undefined && observation.visible > slo.maxDepth) {
    breaches.push(`depth ${observation.visible} > maxDepth ${slo.maxDepth}`);
  }
  return breaches;
}

function neverFalls(series: readonly number[]): boolean {
  if (series.length < 2) return false;
  for (let i = 1; i < series.length; i += 1) if (series[i]! < series[i - 1]!) return false;
  return true;
}

/**
 * Rules, first match wins:
 * 1. DLQ inflow or an SLO breach → ERR.
 * 2. The backlog is empty now or reached zero in the window → OK.
 * 3. No receives at all with a backlog → STOP (nobody is polling).
 * 4. Receiving but not deleting → STALL (poison messages or a crashing consumer).
 * 5. Deleting but the backlog never falls → WARN (consumer slower than producers).
 * 6. Otherwise the backlog is draining → OK.
 * Without any datapoint for receives, rules 3–5 cannot be judged: WARN, saying so.
 */
export function classifyLag(observation: LagObservation): LagVerdict {
  const reasons: string[] = [];
  const breaches = sloBreaches(observation);
  const eta = drainEta(observation);
  const stale =
    observation.newestDatapointAgeSeconds !== undefined && observation.newestDatapointAgeSeconds > STALE_AFTER_SECONDS;
  const staleNote = stale ? [`metrics are stale: newest datapoint ${Math.round(observation.newestDatapointAgeSeconds!)}s old`] : [];
  const verdict = (status: LagStatus, ...why: string[]): LagVerdict => ({
    status,
    reasons: [...why, ...reasons, ...staleNote],
    sloBreaches: breaches,
    drainEtaSeconds: eta,
  });

  if (observation.dlqInflow > 0 || breaches.length > 0) {
    const why = [...breaches];
    if (observation.dlqInflow > 0) why.push(`${observation.dlqInflow} message(s) reached the DLQ in the window`);
    return verdict('ERR', ...why);
  }
  const backlog = observation.visible;
  if (backlog === 0) return verdict('OK', 'backlog is empty');
  if (observation.backlogSeries.some((v) => v === 0)) return verdict('OK', 'backlog reached zero in the window');
  if (observation.received === undefined) {
    return verdict('WARN', `backlog ${backlog} and no receive metrics in the window; cannot judge progress`);
  }
  if (observation.received === 0) return verdict('STOP', `backlog ${backlog} and no receives in the window`);
  if (!observation.deleted) return verdict('STALL', `received ${observation.received} but deleted none in the window`);
  if (neverFalls(observation.backlogSeries)) {
    return verdict('WARN', `deleting (${observation.deleted}) but the backlog never fell in the window`);
  }
  return verdict('OK', 'backlog is draining');
}

/** Worst first: used for sorting and for an overall status. */
export function statusRank(status: LagStatus): number {
  return { ERR: 4, STOP: 3, STALL: 2, WARN: 1, OK: 0 }[status];
}

/** Warn when the oldest message has used this share of the queue's retention. */
export const RETENTION_WARN_RATIO = 0.8;

/**
 * A warning when a queue's oldest message approaches MessageRetentionPeriod: SQS deletes it
 * silently at that age, so a backlog (or a DLQ nobody redrives) loses messages. Empty otherwise.
 */
export function retentionWarning(
  queue: string,
  role: 'queue' | 'DLQ',
  ageOfOldestSeconds: number | undefined,
  retentionSeconds: number | undefined,
): string[] {
  if (ageOfOldestSeconds === undefined || retentionSeconds === undefined || retentionSeconds <= 0) return [];
  if (ageOfOldestSeconds < retentionSeconds * RETENTION_WARN_RATIO) return [];
  const left = Math.max(0, retentionSeconds - ageOfOldestSeconds);
  const used = Math.min(100, Math.round((ageOfOldestSeconds / retentionSeconds) * 100));
  return [
    `${role} ${queue}: oldest message is ${used}% through its ${formatDuration(retentionSeconds)} retention; ` +
      (left === 0 ? 'messages are being deleted unprocessed' : `messages are deleted unprocessed in ${formatDuration(left)}`),
  ];
}

