import type { CloudWatchReader } from '../aws/cloudwatch.js';
import type { SqsReader } from '../aws/sqs.js';
import { deadLettersOf } from '../manifest/consumer-target.js';
import type { ConsumerClass, Manifest, TargetKind } from '../manifest/model.js';
import { findQueueUrls } from './lag.js';
import { mapLimit } from './map-limit.js';

export interface DlqRow {
  dlq: string;
  /** Consumers whose queue redrives here, or whose rule target dead-letters here (usually one). */
  consumers: Array<{ name: string; class: ConsumerClass }>;
  /** `queue`: an SQS redrive policy feeds it; `target`: EventBridge does, for a target of `kind`. */
  via: 'queue' | 'target';
  kind: TargetKind;
  /** False when the queue does not exist here: the row stays, with no counts, and the others still show. */
  exists: boolean;
  depth: number | null;
  inFlight: number | null;
  oldestAgeSeconds: number | null;
  /** Seconds since the age datapoint; null without one. */
  dataAgeSeconds: number | null;
}

export interface DlqListReport {
  schemaVersion: 1;
  generatedAt: string;
  dlqs: DlqRow[];
  totalMessages: number;
  /** DLQs that do not exist where the command looked. */
  missing: string[];
}

/** Every declared DLQ (a missing one is a row, not an error): depth from GetQueueAttributes, oldest age from one batched GetMetricData. */
export async function listDlqs(
  ports: { sqs: SqsReader; cloudWatch: CloudWatchReader },
  manifest: Manifest,
  options: { now: Date; concurrency?: number },
): Promise<DlqListReport> {
  const owners = new Map<string, DlqRow['consumers']>();
  const feeds = new Map<string, Pick<DlqRow, 'via' | 'kind'>>();
  for (const consumer of manifest.consumers) {
    for (const dlq of deadLettersOf(consumer)) {
      owners.set(dlq.name, [...(owners.get(dlq.name) ?? []), { name: consumer.name, class: consumer.class }]);
      if (!feeds.has(dlq.name)) feeds.set(dlq.name, { via: dlq.via, kind: dlq.kind });
    }
  }
  const names = [...owners.keys()];
  const concurrency = options.concurrency ?? 16;
  const end = options.now;
  const start = new Date(end.getTime() - 15 * 60_000);
  const [attributes, series] = await Promise.all([
    (async () => {
      const { urls } = await findQueueUrls(ports.sqs, names, concurrency);
      return mapLimit(names, concurrency, async (name) => {
        const url = urls.get(name);
        return url ? ports.sqs.getQueueAttributes(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']) : undefined;
      });
    })(),
    ports.cloudWatch.getMetricData(
      names.map((name, i) => ({
        id: `d${i}`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: name },
        stat: 'Maximum' as const,
        periodSeconds: 60,
      })),
      { start, end },
    ),
  ]);
  const dlqs = names.map((name, i): DlqRow => {
    const points = series.get(`d${i}`)?.points ?? [];
    const latest = points[points.length - 1];
    return {
      dlq: name,
      consumers: owners.get(name)!,
      ...feeds.get(name)!,
      exists: attributes[i] !== undefined,
      depth: attributes[i]?.visible ?? null,
      inFlight: attributes[i]?.inFlight ?? null,
      oldestAgeSeconds: latest ? latest.value : null,
      dataAgeSeconds: latest ? Math.round((end.getTime() - latest.timestamp.getTime()) / 1000) : null,
    };
  });
  dlqs.sort((a, b) => (b.depth ?? -1) - (a.depth ?? -1) || a.dlq.localeCompare(b.dlq));
  return {
    schemaVersion: 1,
    generatedAt: end.toISOString(),
    dlqs,
    totalMessages: dlqs.reduce((n, d) => n + (d.depth ?? 0), 0),
    missing: dlqs.filter((d) => !d.exists).map((d) => d.dlq),
  };
}
