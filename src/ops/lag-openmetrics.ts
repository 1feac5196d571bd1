import { LAG_STATUSES } from './lag-status.js';
import type { ConsumerLag, LagReport } from './lag.js';

/**
 * `lag --format openmetrics`: the lag report as OpenMetrics text (a superset of the Prometheus
 * text format the node_exporter textfile collector and Pushgateway read). Gauges only: every value
 * is a reading at `generatedAt`, not a counter. A value that could not be read is left out rather
 * than written as 0, so an alert never mistakes "unknown" for "empty". Pure.
 */

interface Family {
  name: string;
  help: string;
  samples: Array<{ labels: Record<string, string>; value: number }>;
}

/** Label values: backslash, double quote and line feed are the three escapes the format defines. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed (quotes stay literal there). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function sampleLine(name: string, labels: Record<string, string>, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`;
}

const PREFIX = 'eventctl_lag_';

/** A consumer's row, with its account and region when `lag --env` measured several. */
type Row = ConsumerLag & { account?: string; region?: string };

export function renderLagOpenMetrics(report: Pick<LagReport, 'generatedAt'> & { consumers: readonly Row[] }): string {
  const families: Family[] = [];
  const family = (suffix: string, help: string, pick: (c: Row) => Array<{ labels?: Record<string, string>; value: number | null }>) => {
    const samples = report.consumers.flatMap((c) =>
      pick(c).flatMap(({ labels, value }) => (value === null ? [] : [{ labels: { ...consumerLabels(c), ...labels }, value }])),
    );
    families.push({ name: `${PREFIX}${suffix}`, help, samples });
  };
  const one = (value: number | null) => [{ value }];

  family('queue_visible_messages', 'Messages waiting in the consumer queue (ApproximateNumberOfMessages).', (c) => one(c.visible));
  family('queue_in_flight_messages', 'Messages received but not yet deleted (ApproximateNumberOfMessagesNotVisible).', (c) => one(c.inFlight));
  family('queue_delayed_messages', 'Messages delayed before they become visible.', (c) => one(c.delayed));
  family('oldest_message_age_seconds', 'Age of the oldest message in the consumer queue (latest CloudWatch datapoint).', (c) => one(c.ageOfOldestSeconds));
  family('dlq_visible_messages', 'Messages in the consumer DLQ.', (c) => (c.dlq ? [{ labels: { dlq: c.dlq }, value: c.dlqDepth }] : []));
  family('dlq_inflow_messages', 'Messages that reached the DLQ during the metrics window.', (c) => (c.dlq ? [{ labels: { dlq: c.dlq }, value: c.dlqInflow }] : []));
  family('dlq_oldest_message_age_seconds', 'Age of the oldest message in the DLQ.', (c) =>
    c.dlq && (c.dlqDepth ?? 0) > 0 ? [{ labels: { dlq: c.dlq }, value: c.dlqAgeOfOldestSeconds }] : [],
  );
  family('retention_seconds', 'MessageRetentionPeriod of the queue (role="queue") or its DLQ (role="dlq").', (c) => [
    { labels: { role: 'queue' }, value: c.retentionSeconds },
    ...(c.dlq ? [{ labels: { role: 'dlq' }, value: c.dlqRetentionSeconds }] : []),
  ]);
  family('retention_at_risk', '1 when the oldest message of the queue or its DLQ is close to being deleted by retention.', (c) =>
    one(c.retentionSeconds === null ? null : c.retentionWarnings.length > 0 ? 1 : 0),
  );
  family('status', 'Consumer status, one series per status; the current one is 1 (OK, WARN, STALL, STOP, ERR).', (c) =>
    LAG_STATUSES.map((status) => ({ labels: { status }, value: c.status === status ? 1 : 0 })),
  );
  family('slo_breached', '1 when the consumer breaches its manifest lag SLO (lag.maxAgeSeconds, lag.maxDepth).', (c) => one(c.sloBreaches.length > 0 ? 1 : 0));
  family('slo_max_age_seconds', 'The manifest SLO: lag.maxAgeSeconds.', (c) => one(c.slo?.maxAgeSeconds ?? null));
  family('slo_max_depth_messages', 'The manifest SLO: lag.maxDepth.', (c) => one(c.slo?.maxDepth ?? null));
  family('drain_eta_seconds', 'Seconds until the backlog is gone at the current net rate (absent when it is not falling).', (c) => one(c.drainEtaSeconds));
  family('metrics_age_seconds', 'Age of the newest CloudWatch datapoint for the consumer queue.', (c) => one(c.newestDatapointAgeSeconds));
  families.push({
    name: `${PREFIX}generated_timestamp_seconds`,
    help: 'When eventctl measured, Unix time: alert when it stops moving.',
    samples: [{ labels: {}, value: Date.parse(report.generatedAt) / 1000 }],
  });

  const lines: string[] = [];
  for (const f of families) {
    if (f.samples.length === 0) continue;
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`);
    for (const s of f.samples) lines.push(sampleLine(f.name, s.labels, s.value));
  }
  lines.push('# EOF');
  return lines.join('\n');
}

function consumerLabels(c: Row): Record<string, string> {
  // A queue consumer is labelled by its queue; a push target (Lambda, state machine…) by its resource.
  return { consumer: c.consumer, class: c.class, kind: c.kind, ...(c.queue !== null ? { queue: c.queue } : { target: c.target }), ...(c.account ? { account: c.account } : {}), ...(c.region ? { region: c.region } : {}) };
}
