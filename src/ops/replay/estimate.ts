import type { MetricQuery, MetricSeries, MetricWindow } from '../../aws/cloudwatch.js';
import { UsageError } from '../../errors.js';
import { instantMs } from '../../approval/instant.js';
import type { ReplayWindow } from './window.js';

/**
 * How many events a replay will deliver, estimated from CloudWatch: the sum of AWS/Events
 * MatchedEvents of each target rule over the window. EventBridge has no API to count archived
 * events in a window, and its metrics are best-effort (a missing datapoint means 0 or not yet
 * delivered), so the plan carries the estimate *and* a cap: approvers agree to the cap, and
 * `replay run` refuses when a fresh estimate exceeds it.
 */
export const ESTIMATE_METHOD = 'cloudwatch-matched-events-v1';

export interface EstimateRule {
  consumer: string;
  ruleName: string;
  busName: string;
}

export interface RuleEstimate {
  consumer: string;
  ruleName: string;
  events: number;
  datapoints: number;
}

export interface ReplayEstimate {
  /** Deliveries: each matched event counted once per target rule. */
  events: number;
  perRule: RuleEstimate[];
  method: typeof ESTIMATE_METHOD;
  periodSeconds: number;
  /** True when no rule had a single datapoint: "0" then means "unknown", not "none". */
  noData: boolean;
}

const DAY_MS = 24 * 3600_000;

/**
 * The finest period CloudWatch still keeps for data that old: 1-minute data for 15 days,
 * 5-minute for 63 days, 1-hour for 455 days.
 */
export function estimatePeriodSeconds(window: ReplayWindow, now: Date): number {
  const age = now.getTime() - instantMs(window.start);
  if (age <= 15 * DAY_MS) return 60;
  if (age <= 63 * DAY_MS) return 300;
  return 3600;
}

/** The metric window: the replay window widened to whole periods (an over-estimate, never an under-count). */
export function metricWindow(window: ReplayWindow, periodSeconds: number): MetricWindow {
  const p = periodSeconds * 1000;
  return { start: new Date(Math.floor(instantMs(window.start) / p) * p), end: new Date(Math.ceil(instantMs(window.end) / p) * p) };
}

export function estimateQueries(rules: readonly EstimateRule[], periodSeconds: number): MetricQuery[] {
  return rules.map((rule, i): MetricQuery => ({
    id: `r${i}`,
    namespace: 'AWS/Events',
    metricName: 'MatchedEvents',
    // Custom-bus rules are published with EventBusName as well; default-bus rules with RuleName only.
    dimensions: rule.busName === 'default' ? { RuleName: rule.ruleName } : { EventBusName: rule.busName, RuleName: rule.ruleName } as Record<string, string>,
    stat: 'Sum',
    periodSeconds,
  }));
}

/** Sums each rule's series (ids from `estimateQueries`). Pure. */
export function summarizeEstimate(rules: readonly EstimateRule[], series: ReadonlyMap<string, MetricSeries>, window: MetricWindow, periodSeconds: number): ReplayEstimate {
  const perRule = rules.map((rule, i) => {
    const points = (series.get(`r${i}`)?.points ?? []).filter((p) => p.timestamp >= window.start && p.timestamp < window.end);
    return { consumer: rule.consumer, ruleName: rule.ruleName, events: Math.round(points.reduce((sum, p) => sum + p.value, 0)), datapoints: points.length };
  });
  return {
    events: perRule.reduce((sum, r) => sum + r.events, 0),
    perRule,
    method: ESTIMATE_METHOD,
    periodSeconds,
    noData: perRule.every((r) => r.datapoints === 0),
  };
}

/** Default headroom over the estimate: +25 %, at least +100 (metrics lag and are best-effort). */
export function defaultCap(events: number): number {
  return Math.max(Math.ceil(events * 1.25), events + 100);
}

/**
 * The cap approvers agree to: `--max-events` when given, else the default headroom, never above
 * the policy's limit for the strictest class reached. An estimate already over the limit cannot
 * be planned (no approval could make it run).
 */
export function chooseCap(events: number, options: { requested?: number; policyLimit?: number }): number {
  const { requested, policyLimit } = options;
  if (policyLimit !== undefined && events > policyLimit) {
    throw new UsageError(`the estimate (${events} events) is over the approval policy's limit of ${policyLimit} for these consumers`, {
      hint: 'narrow the window or replay to fewer consumers',
    });
  }
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) throw new UsageError('--max-events must be a positive whole number');
    if (requested < events) throw new UsageError(`--max-events ${requested} is below the estimate of ${events} events`);
    if (policyLimit !== undefined && requested > policyLimit) throw new UsageError(`--max-events ${requested} is over the approval policy's limit of ${policyLimit}`);
    return requested;
  }
  const cap = defaultCap(events);
  return policyLimit === undefined ? cap : Math.min(cap, policyLimit);
}
