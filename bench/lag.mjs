// Benchmark: `eventctl lag` for 200 consumers in moto against a naive sequential loop of
// per-queue calls. Counts API calls per operation (SDK middleware) and wall time; prints JSON.
// Run with `npm run bench:lag` (builds first). Needs a Python with moto (MOTO_PYTHON, python3, pyenv).
import { performance } from 'node:perf_hooks';
import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { createAwsClients, createAwsPorts, createCallCounter, resolveAwsSettings } from '../dist/src/aws/index.js';
import { buildLagQueries, collectLag } from '../dist/src/ops/lag.js';
import { latencyProxy } from './latency-proxy.mjs';
import { startMoto } from './moto.mjs';

const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 200);
// Also measured behind a loopback proxy that adds this round-trip time per request, because
// moto answers in ~1 ms of network time where AWS takes tens of ms (0 to skip).
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 25);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';

async function startMotoServer() {
  const moto = await startMoto();
  return { endpoint: moto.endpoint, stop: () => moto.child.kill('SIGTERM') };
}

/** 200 consumers: a queue and a DLQ each, some messages, and 15 minutes of AWS/SQS metrics. */
async function seed(endpoint, targets) {
  const sqs = new SQSClient({ endpoint, region, credentials, maxAttempts: 1 });
  // moto 5.2.1 fails on gzip-compressed JSON bodies (the SDK compresses PutMetricData above 10 KB).
  const cw = new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 1, protocol: AwsJson1_0Protocol, disableRequestCompression: true });
  const now = Date.now();
  const data = [];
  await Promise.all(
    targets.map(async (t, i) => {
      await sqs.send(new CreateQueueCommand({ QueueName: t.dlq }));
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: t.queue }))).QueueUrl;
      const n = i % 7;
      if (n > 0) {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: n }, (_, k) => ({ Id: `m${k}`, MessageBody: '{}' })) }));
      }
    }),
  );
  for (const t of targets) {
    for (let m = 1; m <= 3; m += 1) {
      const at = new Date(now - m * 60_000);
      const d = (name, value, queue = t.queue) => data.push({ MetricName: name, Dimensions: [{ Name: 'QueueName', Value: queue }], Timestamp: at, Value: value });
      d('ApproximateAgeOfOldestMessage', 30 * m);
      d('ApproximateNumberOfMessagesVisible', 2 + m);
      d('NumberOfMessagesSent', 10);
      d('NumberOfMessagesReceived', 10);
      d('NumberOfMessagesDeleted', 12);
      d('ApproximateNumberOfMessagesVisible', 0, t.dlq);
    }
  }
  for (let i = 0; i < data.length; i += 500) {
    await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/SQS', MetricData: data.slice(i, i + 500) }));
  }
  sqs.destroy();
  cw.destroy();
}

/** What a straightforward script does: for each consumer, one call at a time. */
async function naiveLoop(endpoint, targets, counter) {
  const config = { endpoint, region, credentials, maxAttempts: 1 };
  const sqs = new SQSClient(config);
  const cw = new CloudWatchClient({ ...config, protocol: AwsJson1_0Protocol });
  counter.plugin(sqs, 'sqs');
  counter.plugin(cw, 'cloudwatch');
  const end = new Date();
  const start = new Date(end.getTime() - 15 * 60_000);
  const stat = (queue, MetricName, Statistics) =>
    cw.send(new GetMetricStatisticsCommand({ Namespace: 'AWS/SQS', MetricName, Dimensions: [{ Name: 'QueueName', Value: queue }], StartTime: start, EndTime: end, Period: 60, Statistics }));
  const rows = [];
  for (const t of targets) {
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: t.queue }))).QueueUrl;
    const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes;
    const dlqUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: t.dlq }))).QueueUrl;
    const dlqAttrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['All'] }))).Attributes;
    const age = await stat(t.queue, 'ApproximateAgeOfOldestMessage', ['Maximum']);
    await stat(t.queue, 'ApproximateNumberOfMessagesVisible', ['Maximum']);
    await stat(t.queue, 'NumberOfMessagesSent', ['Sum']);
    await stat(t.queue, 'NumberOfMessagesReceived', ['Sum']);
    await stat(t.queue, 'NumberOfMessagesDeleted', ['Sum']);
    await stat(t.dlq, 'ApproximateNumberOfMessagesVisible', ['Maximum']);
    await stat(t.dlq, 'NumberOfMessagesSent', ['Sum']);
    rows.push({ visible: Number(attrs.ApproximateNumberOfMessages), dlq: Number(dlqAttrs.ApproximateNumberOfMessages), age: age.Datapoints?.length });
  }
  sqs.destroy();
  cw.destroy();
  return rows;
}

async function eventctlLag(endpoint, targets, counter) {
  const settings = resolveAwsSettings({ env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: region, AWS_ENDPOINT_URL: endpoint } });
  const clients = createAwsClients(settings, { plugins: [counter.plugin], maxAttempts: 1 });
  const ports = createAwsPorts(clients);
  const report = await collectLag({ sqs: await ports.sqs(), cloudWatch: await ports.cloudWatch() }, targets, { now: new Date() });
  clients.destroy();
  return report;
}

async function measure(fn) {
  const results = [];
  for (let run = 0; run < RUNS; run += 1) {
    const counter = createCallCounter();
    const t0 = performance.now();
    const value = await fn(counter);
    results.push({ ms: performance.now() - t0, calls: { ...counter.calls }, value });
  }
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  return { wallMsMedian: Math.round(median.ms), wallMsRuns: results.map((r) => Math.round(r.ms)), calls: median.calls, totalCalls: Object.values(median.calls).reduce((a, b) => a + b, 0), value: median.value };
}

const moto = await startMotoServer();
try {
  const targets = Array.from({ length: CONSUMERS }, (_, i) => ({
    consumer: `consumer-${String(i).padStart(3, '0')}`,
    class: ['operational', 'projection', 'workflow'][i % 3],
    queue: `bench-consumer-${String(i).padStart(3, '0')}`,
    dlq: `bench-consumer-${String(i).padStart(3, '0')}-dlq`,
    slo: { maxAgeSeconds: 600 },
  }));
  await seed(moto.endpoint, targets);
  // Warm both paths once (module loading, moto's first-request costs), then measure.
  await eventctlLag(moto.endpoint, targets.slice(0, 2), createCallCounter());
  await naiveLoop(moto.endpoint, targets.slice(0, 2), createCallCounter());
  const metricQueries = buildLagQueries(targets, 60, 600).queries.length;
  const queues = CONSUMERS * 2;
  const compare = async (endpoint) => {
    const eventctl = await measure((counter) => eventctlLag(endpoint, targets, counter));
    const naive = await measure((counter) => naiveLoop(endpoint, targets, counter));
    const statuses = {};
    for (const c of eventctl.value.consumers) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
    const gqa = eventctl.calls['sqs:GetQueueAttributes'] ?? 0;
    const gmd = eventctl.calls['cloudwatch:GetMetricData'] ?? 0;
    return {
      eventctl: { wallMsMedian: eventctl.wallMsMedian, wallMsRuns: eventctl.wallMsRuns, totalCalls: eventctl.totalCalls, calls: eventctl.calls, statuses },
      naive: { wallMsMedian: naive.wallMsMedian, wallMsRuns: naive.wallMsRuns, totalCalls: naive.totalCalls, calls: naive.calls },
      speedup: Number((naive.wallMsMedian / eventctl.wallMsMedian).toFixed(2)),
      callReduction: Number((naive.totalCalls / eventctl.totalCalls).toFixed(2)),
      checks: {
        atMostOneGetQueueAttributesPerQueue: gqa <= queues,
        getMetricDataWithinBound: gmd <= Math.ceil(metricQueries / 500),
        atLeast4xFaster: naive.wallMsMedian / eventctl.wallMsMedian >= 4,
      },
    };
  };
  const direct = await compare(moto.endpoint);
  let withLatency = null;
  if (RTT_MS > 0) {
    const proxy = await latencyProxy(moto.endpoint, RTT_MS);
    try {
      withLatency = { rttMs: RTT_MS, ...(await compare(proxy.endpoint)) };
    } finally {
      proxy.close();
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'lag',
        consumers: CONSUMERS,
        queues,
        metricQueries,
        runs: RUNS,
        note: 'direct: moto on loopback (its GetMetricData scans every datum per query, so CloudWatch time barely shrinks with batching); withLatency: the same behind a proxy adding a fixed round trip per request, as a network to AWS does',
        direct,
        withLatency,
      },
      null,
      2,
    ),
  );
} finally {
  moto.stop();
}
