import type { LagSlo, TargetKind } from '../manifest/model.js';
import type { LagStatus, LagVerdict } from './lag-status.js';

/**
 * What CloudWatch says about a consumer EventBridge delivers to directly (no queue to count).
 * Sums are over the window; undefined: no datapoint.
 */
export interface PushLagObservation {
  kind: Exclude<TargetKind, 'sqs'> | 'stream';
  /** Per rule (AWS/Events). */
  invocations?: number;
  failedInvocations?: number;
  sentToDlq?: number;
  throttledRules?: number;
  /** Lambda async (AWS/Lambda). */
  asyncEventAgeSeconds?: readonly number[];
  asyncEventsDropped?: number;
  lambdaThrottles?: number;
  /** Step Functions (AWS/States). */
  executionsStarted?: number;
  executionsFailed?: number;
  executionsTimedOut?: number;
  executionsThrottled?: number;
  /** Kinesis (AWS/Kinesis GetRecords.IteratorAgeMilliseconds), in seconds, oldest first. */
  iteratorAgeSeconds?: readonly number[];
  /** Messages that reached the target DLQ in the window (its growth, or sends). */
  targetDlqInflow: number;
  windowSeconds: number;
  slo?: LagSlo;
}

/** Kinds whose consumer side publishes no lag metric: only EventBridge's delivery metrics judge them. */
export const KINDS_WITHOUT_CONSUMER_METRIC: ReadonlySet<PushLagObservation['kind']> = new Set(['sns', 'api-destination', 'eventbus']);

const last = (series: readonly number[] | undefined) => (series && series.length > 0 ? series[series.length - 1] : undefined);

/** Strictly rising over at least three points: the reader is not catching up at all. */
function alwaysRises(series: readonly number[] | undefined): boolean {
  if (!series || series.length < 3) return false;
  for (let i = 1; i < series.length; i += 1) if (series[i]! <= series[i - 1]!) return false;
  return true;
}

function neverFalls(series: readonly number[] | undefined): boolean {
  if (!series || series.length < 2) return false;
  for (let i = 1; i < series.length; i += 1) if (series[i]! < series[i - 1]!) return false;
  return last(series)! > 0;
}

/** Age of the oldest undelivered event, where the kind has one (Lambda async queue, stream iterator). */
export function pushAgeSeconds(observation: PushLagObservation): number | undefined {
  return last(observation.asyncEventAgeSeconds) ?? last(observation.iteratorAgeSeconds);
}

/**
 * Burrow-style rules for push targets, first match wins:
 * 1. Events lost or parked: target DLQ inflow, InvocationsSentToDlq, FailedInvocations, Lambda
 *    AsyncEventsDropped, failed or timed-out executions, or an SLO breach → ERR.
 * 2. The age of the oldest event rises at every datapoint (a stream reader or async queue that
 *    makes no progress) → STALL.
 * 3. Throttling anywhere, or an age that never falls → WARN.
 * 4. Otherwise OK; a kind with no consumer-side metric says so.
 */
export function classifyPushLag(observation: PushLagObservation): LagVerdict {
  const breaches: string[] = [];
  const age = pushAgeSeconds(observation);
  if (observation.slo?.maxAgeSeconds !== undefined && age !== undefined && age > observation.slo.maxAgeSeconds) {
    breaches.push(`oldest event ${Math.round(age)}s > maxAgeSeconds ${observation.slo.maxAgeSeconds}`);
  }
  const notes = KINDS_WITHOUT_CONSUMER_METRIC.has(observation.kind)
    ? [`${observation.kind} targets publish no consumer-side lag metric: judged by EventBridge delivery metrics only`]
    : [];
  const verdict = (status: LagStatus, ...why: string[]): LagVerdict => ({ status, reasons: [...why, ...notes], sloBreaches: breaches, drainEtaSeconds: null });

  const lost: string[] = [...breaches];
  const count = (n: number | undefined, what: string) => noteCount(lost, n, what);
  count(observation.targetDlqInflow || undefined, 'event(s) reached the target DLQ in the window');
  count(observation.sentToDlq, 'invocation(s) sent to the DLQ by EventBridge');
  count(observation.failedInvocations, 'failed invocation(s) (EventBridge gave up)');
  count(observation.asyncEventsDropped, 'async event(s) dropped by Lambda');
  count(observation.executionsFailed, 'execution(s) failed');
  count(observation.executionsTimedOut, 'execution(s) timed out');
  if (lost.length > 0) return verdict('ERR', ...lost);

  const ages = observation.asyncEventAgeSeconds ?? observation.iteratorAgeSeconds;
  if (alwaysRises(ages)) return verdict('STALL', `age of the oldest event rose at every datapoint, to ${Math.round(age ?? 0)}s: no progress`);

  const slow: string[] = [];
  noteCount(slow, observation.throttledRules, 'throttled rule invocation(s)');
  noteCount(slow, observation.lambdaThrottles, 'Lambda throttle(s)');
  noteCount(slow, observation.executionsThrottled, 'throttled execution start(s)');
  if (neverFalls(ages)) slow.push(`age of the oldest event never fell in the window (${Math.round(age ?? 0)}s)`);
  if (slow.length > 0) return verdict('WARN', ...slow);

  const delivered = observation.invocations ?? observation.executionsStarted;
  return verdict('OK', delivered === undefined ? 'no deliveries and no failures in the window' : `${delivered} delivered, none failed`);
}

function noteCount(into: string[], n: number | undefined, what: string): void {
  if (n !== undefined && n > 0) into.push(`${n} ${what}`);
}
