import type { MetricQuery, MetricSeries } from '../aws/cloudwatch.js';
import { targetOf } from '../manifest/consumer-target.js';
import type { ConsumerClass, LagSlo, Manifest } from '../manifest/model.js';
import type { PushLagObservation } from './push-lag-status.js';

/** A consumer EventBridge delivers to directly, or a stream consumer: measured from CloudWatch only. */
export interface PushLagTarget {
  consumer: string;
  class: ConsumerClass;
  kind: PushLagObservation['kind'];
  /** Function, state machine, stream, topic, API destination or bus name. */
  resource: string;
  /** The consumer's rule on its bus (AWS/Events metrics); absent for a stream consumer. */
  rule?: { name: string; bus: string };
  targetDlq?: string;
  slo?: LagSlo;
}

/** Consumers measured without a queue, from the manifest. Pure. */
export function pushLagTargets(manifest: Manifest, chosen: ReadonlySet<string>): PushLagTarget[] {
  const topics = new Map(manifest.topics.map((t) => [t.name, t]));
  const out: PushLagTarget[] = [];
  for (const consumer of manifest.consumers) {
    if (!chosen.has(consumer.name)) continue;
    const base = { consumer: consumer.name, class: consumer.class, slo: consumer.lag };
    const target = targetOf(consumer);
    if (target && target.kind !== 'sqs') {
      const bus = consumer.subscribes.map((t) => topics.get(t)?.bus).find((b) => b !== undefined);
      out.push({
        ...base,
        kind: target.kind,
        resource: target.resource,
        rule: consumer.rule && bus ? { name: consumer.rule, bus } : undefined,
        targetDlq: target.deadLetter,
      });
    } else if (!target && consumer.readsStream) {
      out.push({ ...base, kind: 'stream', resource: consumer.readsStream });
    }
  }
  return out;
}

/** Ids of one push target's queries. */
export interface PushMetricIds {
  [metric: string]: string;
}

/**
 * The metric queries for push targets, ids `p<k><letter>`. Per rule (AWS/Events): Invocations,
 * FailedInvocations, InvocationsSentToDlq, ThrottledRules. Lambda: AsyncEventAge (per period),
 * AsyncEventsDropped, Throttles. Step Functions: ExecutionsStarted/Failed/TimedOut, ExecutionThrottled
 * (by state machine ARN, resolved by the caller). Kinesis: GetRecords.IteratorAgeMilliseconds (per period).
 */
export function buildPushLagQueries(
  targets: readonly PushLagTarget[],
  periodSeconds: number,
  windowSeconds: number,
  stateMachineArns: ReadonlyMap<string, string>,
): { queries: MetricQuery[]; ids: PushMetricIds[] } {
  const queries: MetricQuery[] = [];
  const ids = targets.map((target, k) => {
    const own: PushMetricIds = {};
    const add = (key: string, namespace: string, metricName: string, dimensions: Record<string, string>, stat: MetricQuery['stat'], period: number) => {
      own[key] = `p${k}${key}`;
      queries.push({ id: own[key]!, namespace, metricName, dimensions, stat, periodSeconds: period });
    };
    if (target.rule) {
      const dims = { EventBusName: target.rule.bus, RuleName: target.rule.name };
      add('inv', 'AWS/Events', 'Invocations', dims, 'Sum', windowSeconds);
      add('fail', 'AWS/Events', 'FailedInvocations', dims, 'Sum', windowSeconds);
      add('dlq', 'AWS/Events', 'InvocationsSentToDlq', dims, 'Sum', windowSeconds);
      add('thr', 'AWS/Events', 'ThrottledRules', dims, 'Sum', windowSeconds);
    }
    if (target.kind === 'lambda') {
      const dims = { FunctionName: target.resource };
      add('age', 'AWS/Lambda', 'AsyncEventAge', dims, 'Maximum', periodSeconds);
      add('drop', 'AWS/Lambda', 'AsyncEventsDropped', dims, 'Sum', windowSeconds);
      add('lthr', 'AWS/Lambda', 'Throttles', dims, 'Sum', windowSeconds);
    }
    const machine = target.kind === 'stepfunctions' ? stateMachineArns.get(target.resource) : undefined;
    if (machine) {
      const dims = { StateMachineArn: machine };
      add('start', 'AWS/States', 'ExecutionsStarted', dims, 'Sum', windowSeconds);
      add('efail', 'AWS/States', 'ExecutionsFailed', dims, 'Sum', windowSeconds);
      add('tout', 'AWS/States', 'ExecutionsTimedOut', dims, 'Sum', windowSeconds);
      add('ethr', 'AWS/States', 'ExecutionThrottled', dims, 'Sum', windowSeconds);
    }
    if (target.kind === 'kinesis' || target.kind === 'stream') {
      add('iter', 'AWS/Kinesis', 'GetRecords.IteratorAgeMilliseconds', { StreamName: target.resource }, 'Maximum', periodSeconds);
    }
    return own;
  });
  return { queries, ids };
}

const sum = (series: MetricSeries | undefined) => (series && series.points.length > 0 ? series.points.reduce((a, p) => a + p.value, 0) : undefined);
const seconds = (series: MetricSeries | undefined) => (series && series.points.length > 0 ? series.points.map((p) => p.value / 1000) : undefined);

/** The observation of one push target from its series. Pure. */
export function pushObservation(
  target: PushLagTarget,
  ids: PushMetricIds,
  series: ReadonlyMap<string, MetricSeries>,
  targetDlqInflow: number,
  windowSeconds: number,
): PushLagObservation {
  const get = (key: string) => (ids[key] ? series.get(ids[key]!) : undefined);
  return {
    kind: target.kind,
    invocations: sum(get('inv')),
    failedInvocations: sum(get('fail')),
    sentToDlq: sum(get('dlq')),
    throttledRules: sum(get('thr')),
    asyncEventAgeSeconds: seconds(get('age')),
    asyncEventsDropped: sum(get('drop')),
    lambdaThrottles: sum(get('lthr')),
    executionsStarted: sum(get('start')),
    executionsFailed: sum(get('efail')),
    executionsTimedOut: sum(get('tout')),
    executionsThrottled: sum(get('ethr')),
    iteratorAgeSeconds: seconds(get('iter')),
    targetDlqInflow,
    windowSeconds,
    slo: target.slo,
  };
}
