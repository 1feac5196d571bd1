// Benchmark: `eventctl lag --env` across 20 accounts x 2 regions x 50 consumers in moto, through a
// loopback proxy that adds a round-trip time per request, against a sequential loop over the same account-regions (one at a time, as on-call would run
// it per account). Counts API calls per account-region against the per-account floor. Prints JSON.
// One moto process answers one request at a time, so the round trip is sized from moto's measured
// service time and what the fan-out keeps in flight (BENCH_RTT_MS overrides): with a smaller one
// both runs would measure moto's throughput, not the fan-out.
// Run with `npm run bench:fanout` (builds first). Needs a Python with moto (MOTO_PYTHON, python3, pyenv).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { dump } from 'js-yaml';
import { createCallCounter } from '../dist/src/aws/index.js';
import { createContext } from '../dist/src/context.js';
import { runLag } from '../dist/src/live/lag-run.js';
import { buildLagQueries } from '../dist/src/ops/lag.js';
import { latencyProxy } from './latency-proxy.mjs';
import { startMoto } from './moto.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 20);
const REGIONS = ['eu-west-1', 'us-east-1'];
const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 50);
// Queue reads each place keeps in flight (lag's default --concurrency) and places read at once.
const PER_PLACE = 16;
const PLACES_AT_ONCE = 8;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const MAX_METRIC_QUERIES = 500;

const pad = (n, w) => String(n).padStart(w, '0');
const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ alias: `a${pad(i + 1, 2)}`, id: `7000000000${pad(i + 1, 2)}` }));

function manifest() {
  return {
    apiVersion: 'eventctl/v1',
    platform: 'bench-org',
    environments: { bench: { accounts: Object.fromEntries(accounts.map((a) => [a.alias, a.id])), regions: REGIONS, roleName: 'eventctl-bench' } },
    buses: accounts.map((a) => ({ name: `bus-${a.alias}`, account: a.alias })),
    topics: accounts.map((a) => ({ name: `topic-${a.alias}`, bus: `bus-${a.alias}`, source: `bench.${a.alias}`, detailType: 'Thing' })),
    consumers: accounts.flatMap((a) =>
      Array.from({ length: CONSUMERS }, (_, c) => ({
        name: `${a.alias}-c${pad(c + 1, 3)}`,
        account: a.alias,
        class: 'projection',
        subscribes: [`topic-${a.alias}`],
        queue: `${a.alias}-c${pad(c + 1, 3)}`,
        dlq: `${a.alias}-c${pad(c + 1, 3)}-dlq`,
        rebuildable: true,
      })),
    ),
  };
}

/** Every queue and DLQ, created in its account and region directly on moto (no proxy). */
async function seed(endpoint, doc) {
  const sts = new STSClient({ endpoint, region: REGIONS[0], credentials, maxAttempts: 1 });
  for (const a of accounts) {
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${a.id}:role/seed`, RoleSessionName: 'bench-seed' }))).Credentials;
    for (const region of REGIONS) {
      const sqs = new SQSClient({ endpoint, region, maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
      const names = doc.consumers.filter((x) => x.account === a.alias).flatMap((x) => [x.queue, x.dlq]);
      for (let i = 0; i < names.length; i += 25) await Promise.all(names.slice(i, i + 25).map((QueueName) => sqs.send(new CreateQueueCommand({ QueueName }))));
      sqs.destroy();
    }
  }
  sts.destroy();
}

/**
 * moto's own service time for one GetQueueAttributes (median of sequential calls, no proxy). One
 * moto process serves one request at a time (Python), so the fan-out's calls queue there unless
 * the injected round trip covers everything in flight: rtt >= inFlight x service time.
 */
async function motoServiceMs(endpoint) {
  const sqs = new SQSClient({ endpoint, region: REGIONS[0], maxAttempts: 1, credentials });
  const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench-service-time' }))).QueueUrl;
  const samples = [];
  for (let i = 0; i < 60; i += 1) {
    const t = performance.now();
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    samples.push(performance.now() - t);
  }
  sqs.destroy();
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function run(file, endpoint, concurrency) {
  let out = '';
  const io = { writeStdout: (t) => void (out += t), writeStderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false };
  const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_ENDPOINT_URL: endpoint, AWS_MAX_ATTEMPTS: '1', EVENTCTL_ENV: 'bench' };
  const ctx = createContext({ global: { manifest: file, format: 'json', failOn: 'error', verbose: false }, io, env, cwd: process.cwd() });
  const counter = createCallCounter();
  const started = performance.now();
  const code = await runLag(ctx, [], {}, { plugins: [counter.plugin], concurrency });
  const wallMs = performance.now() - started;
  const report = JSON.parse(out);
  return { code, wallMs: Math.round(wallMs), calls: { ...counter.calls }, rows: report.consumers.length, errRows: report.consumers.filter((r) => r.status === 'ERR').length };
}

const moto = await startMoto();
const dir = mkdtempSync(join(tmpdir(), 'eventctl-bench-fanout-'));
let proxy;
try {
  const doc = manifest();
  const file = join(dir, 'eventctl.yaml');
  writeFileSync(file, dump(doc, { noRefs: true }));
  await seed(moto.endpoint, doc);
  const serviceMs = await motoServiceMs(moto.endpoint);
  const inFlight = PER_PLACE * PLACES_AT_ONCE;
  // The injected round trip must dominate moto's queueing, else both runs measure moto's throughput.
  const RTT_MS = Number(process.env.BENCH_RTT_MS ?? Math.max(25, Math.ceil(inFlight * serviceMs)));
  proxy = RTT_MS > 0 ? await latencyProxy(moto.endpoint, RTT_MS) : { endpoint: moto.endpoint, close() {} };

  const places = ACCOUNTS * REGIONS.length;
  const perPlaceQueries = buildLagQueries(
    doc.consumers.filter((c) => c.account === 'a01').map((c) => ({ consumer: c.name, class: c.class, queue: c.queue, dlq: c.dlq })),
    60,
  ).queries.length;
  const floor = {
    'sts:AssumeRole': ACCOUNTS,
    'cloudwatch:GetMetricData': places * Math.ceil(perPlaceQueries / MAX_METRIC_QUERIES),
    'sqs:ListQueues': places,
    'sqs:GetQueueAttributes': places * CONSUMERS * 2,
  };
  const fanOut = await run(file, proxy.endpoint, PLACES_AT_ONCE);
  const sequential = await run(file, proxy.endpoint, 1);
  const perPlace = Object.fromEntries(Object.entries(fanOut.calls).map(([op, n]) => [op, n / (op === 'sts:AssumeRole' ? ACCOUNTS : places)]));
  console.log(
    JSON.stringify(
      {
        schemaVersion: 1,
        benchmark: 'lag --env (fan-out)',
        accounts: ACCOUNTS,
        regions: REGIONS.length,
        consumersPerAccount: CONSUMERS,
        rttMs: RTT_MS,
        motoServiceMs: Number(serviceMs.toFixed(2)),
        inFlight,
        // True when the round trip covers moto's queue for everything the fan-out keeps in flight.
        latencyDominates: RTT_MS >= inFlight * serviceMs,
        fanOut: { concurrency: PLACES_AT_ONCE, wallMs: fanOut.wallMs, exitCode: fanOut.code, rows: fanOut.rows, errRows: fanOut.errRows, calls: fanOut.calls },
        sequential: { concurrency: 1, wallMs: sequential.wallMs, exitCode: sequential.code, rows: sequential.rows, calls: sequential.calls },
        speedup: Number((sequential.wallMs / fanOut.wallMs).toFixed(2)),
        // When both runs serve the same calls per second, the one moto process (not the fan-out) is the limit.
        callsPerSecond: {
          fanOut: Math.round(Object.values(fanOut.calls).reduce((a, b) => a + b, 0) / (fanOut.wallMs / 1000)),
          sequential: Math.round(Object.values(sequential.calls).reduce((a, b) => a + b, 0) / (sequential.wallMs / 1000)),
        },
        machine: { cpus: cpus().length, loadAverage1m: Number(loadavg()[0].toFixed(1)) },
        metricQueriesPerAccountRegion: perPlaceQueries,
        callsPerAccountRegion: perPlace,
        floor,
        atFloor: Object.entries(floor).every(([op, n]) => fanOut.calls[op] === n),
      },
      null,
      2,
    ),
  );
} finally {
  proxy?.close();
  moto.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
