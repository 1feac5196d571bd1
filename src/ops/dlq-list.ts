import type { CloudWatchReader } from '../aws/cloudwatch.js';
import type { SqsReader } from '../aws/sqs.js';
import { deadLettersOf } from '../manifest/consumer-target.js';
import type { ConsumerClass, Manifest, TargetKind } from '../manifest/model.js';
import { resolveQueueUrls } from './lag.js';
import { mapLimit } from './map-limit.js';

export interface DlqRow {
  dlq: string;
  /** Consumers whose queue redrives here, or whose rule target dead-letters here (usually one). */
  consumers: Array<{ name: string; class: ConsumerClass }>;
  /** `queue`: an SQS redrive policy feeds it; `target`: EventBridge does, for a target of `kind`. */
  via: 'queue' | 'target';
  kind: TargetKind;
  depth: number;
  inFlight: number;
  oldestAgeSeconds: number | null;
  /** Seconds since the age datapoint; null without one. */
  dataAgeSeconds: number | null;
}

export interface DlqListReport {
  schemaVersion: 1;
  generatedAt: string;
  dlqs: DlqRow[];
  totalMessages: number;
}

/** Every declared DLQ: depth from GetQueueAttributes, oldest age from one batched GetMetricData. */
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
      const urls = await resolveQueueUrls(ports.sqs, names, concurrency);
      return mapLimit(names, concurrency, (name) =>
        ports.sqs.getQueueAttributes(urls.get(name)!, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']),
      );
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
      depth: attributes[i]!.visible,
      inFlight: attributes[i]!.inFlight,
      oldestAgeSeconds: latest ? latest.value : null,
      dataAgeSeconds: latest ? Math.round((end.getTime() - latest.timestamp.getTime()) / 1000) : null,
    };
  });
  dlqs.sort((a, b) => b.depth - a.depth || a.dlq.localeCompare(b.dlq));
  return {
    schemaVersion: 1,
    generatedAt: end.toISOString(),
    dlqs,
    totalMessages: dlqs.reduce((n, d) => n + d.depth, 0),
  };
}
