#!/usr/bin/env node
// Redrive benchmark: eventctl's client-side redrive against a naive receive-one/send-one/
// delete-one loop, on the same 2,000 messages in moto, interleaved round by round (the order
// alternates) so machine noise hits both alike. Prints JSON: messages per second and API calls
// per message for each, and the speed ratio. Needs a build (`npm run build`) and moto.
//
// moto 5.2.1's per-message costs grow with the queue (AWS's do not): every message a receive
// returns or a send adds re-reads every queue attribute through a slow clock, and every delete
// scans the whole queue, so its CPU dominates any client's own cost (a batch of 10 costs moto
// almost 10x a single message). By default the benchmark's moto runs with the patches of
// test/support/moto_launcher.py --fast-sqs (SQS semantics unchanged);
// BENCH_MOTO=stock runs unpatched moto (use fewer messages: it is quadratic).
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMoto } from './moto.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STOCK = process.env.BENCH_MOTO === 'stock';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';

const moto = await startMoto({ fastSqs: !STOCK });
const sqs = new SQSClient({ endpoint: moto.endpoint, region, credentials, maxAttempts: 1 });
const workdir = mkdtempSync(join(tmpdir(), 'eventctl-bench-redrive-'));
cpSync(join(root, 'fixtures/platform'), workdir, { recursive: true });
const bodies = Array.from({ length: MESSAGES }, (_, i) => JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { n: i, pad: 'x'.repeat(200) } }));

async function prepare() {
  await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-read-model-dlq' }))).QueueUrl;
  const queue = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-read-model' }))).QueueUrl;
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: dlq,
      Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `e${j}`, MessageBody: b, MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'TIMEOUT' } } })),
    }));
  }
  return { dlq, queue };
}

async function runEventctl() {
  const [{ createContext }, { runRedrive }, { createCallCounter }] = await Promise.all([
    import(join(root, 'dist/src/context.js')),
    import(join(root, 'dist/src/ops/redrive/run.js')),
    import(join(root, 'dist/src/aws/call-counter.js')),
  ]);
  let out = '';
  const ctx = createContext({
    global: { manifest: join(workdir, 'eventctl.yaml'), format: 'json', failOn: 'error', verbose: false },
    io: { writeStdout: (t) => void (out += t), writeStderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false },
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: region, AWS_ENDPOINT_URL: moto.endpoint, AWS_MAX_ATTEMPTS: '1' },
    cwd: workdir,
  });
  const counter = createCallCounter();
  const started = process.hrtime.bigint();
  const code = await runRedrive(ctx, ['orders-read-model'], { yes: true, wait: '1', emptyPolls: '2' }, { plugins: [counter.plugin] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = JSON.parse(out);
  if (code !== 0 || report.moved !== MESSAGES) throw new Error(`eventctl moved ${report.moved}, exit ${code}`);
  return { seconds, calls: counter.total(), byOperation: { ...counter.calls } };
}

/** What many scripts do: one message at a time, delete after send; stop after 2 empty long polls. */
async function runNaive({ dlq, queue }) {
  let calls = 0;
  let moved = 0;
  const started = process.hrtime.bigint();
  for (let empty = 0; empty < 2; ) {
    calls += 1;
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
    const m = r.Messages?.[0];
    if (!m) {
      empty += 1;
      continue;
    }
    empty = 0;
    calls += 1;
    await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: m.Body, MessageAttributes: m.MessageAttributes }));
    calls += 1;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: dlq, ReceiptHandle: m.ReceiptHandle }));
    moved += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (moved !== MESSAGES) throw new Error(`naive moved ${moved}`);
  return { seconds, calls };
}

const samples = { eventctl: [], naive: [] };
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? ['eventctl', 'naive'] : ['naive', 'eventctl'];
    for (const name of order) {
      const queues = await prepare();
      samples[name].push(name === 'eventctl' ? await runEventctl() : await runNaive(queues));
    }
  }
} finally {
  sqs.destroy();
  moto.child.kill('SIGKILL');
  rmSync(workdir, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (runs) => ({
  messagesPerSecond: Number((MESSAGES / median(runs.map((r) => r.seconds))).toFixed(1)),
  apiCallsPerMessage: Number((median(runs.map((r) => r.calls)) / MESSAGES).toFixed(3)),
  secondsPerRun: runs.map((r) => Number(r.seconds.toFixed(2))),
});
const eventctl = summary(samples.eventctl);
const naive = summary(samples.naive);
console.log(JSON.stringify({
  benchmark: 'redrive',
  node: process.version,
  moto: STOCK ? 'stock 5.2.1' : '5.2.1 with test/support/moto_launcher.py --fast-sqs (per-message O(queue) costs removed; see its header)',
  messages: MESSAGES,
  rounds: ROUNDS,
  eventctl: { ...eventctl, callsByOperation: samples.eventctl.at(-1).byOperation },
  naive,
  speedup: Number((eventctl.messagesPerSecond / naive.messagesPerSecond).toFixed(2)),
  targets: { apiCallsPerMessage: 0.35, speedup: 5 },
}, null, 2));
