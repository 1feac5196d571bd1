import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { motoEnv, PRODUCT_RETRIES, TEST_CREDENTIALS, TEST_REGION } from './aws-test-clients.js';
import { startFaultProxy } from './fault-proxy.js';
import { startMotoServer, type MotoServer } from './moto-server.js';
import { BIN, baseEnv, REPO_ROOT } from './run-cli.js';
import type { SeededRandom } from './seeded-random.js';
import { tempDir } from './temp-dir.js';

/**
 * The redrive crash and fault trials of the built CLI, shared by the short run in `npm test`
 * (test/e2e/redrive-crash.test.ts) and the long one in `npm run test:soak`
 * (test/soak/redrive-crash.soak.test.ts): same code, different sizes.
 *
 * A trial seeds the DLQ, runs `eventctl dlq redrive`, SIGKILLs it at a seeded random point of its
 * own progress (after the N-th new line of its journal, so the kill lands between a receive and
 * its send, a send and its delete, and so on, whatever the machine's speed), runs the same
 * command again until it finishes, then counts every original body in the DLQ and the queue.
 *
 * The moto here has the SQS speed patches of test/support/moto_launcher.py (moto 5.2.1 scans the
 * whole queue per message, which makes a 1,000-message loop quadratic; semantics unchanged).
 */
export const CLI_FLAGS = ['--yes', '--format', 'json', '--wait', '1', '--empty-polls', '2', '--visibility-timeout', '3', '--concurrency', '4'];

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Tally {
  lost: number;
  duplicated: number;
  foreign: number;
}

export interface RedriveHarness {
  endpoint: string;
  workdir: string;
  sqs: SQSClient;
  dlqUrl: string;
  queueUrl: string;
  resetQueues(): Promise<void>;
  seed(tag: string, count: number): Promise<string[]>;
  drain(url: string): Promise<string[]>;
  /** Runs the CLI; `stopWhen` is polled on its output and journal, and a true answer sends `signal`. */
  runCli(options?: { args?: string[]; endpoint?: string; env?: NodeJS.ProcessEnv; signal?: NodeJS.Signals; stopWhen?: (seen: { stderr: string; journalLines: number }) => boolean }): Promise<CliRun>;
  hiddenInDlq(): Promise<{ visible: number; hidden: number }>;
  close(): Promise<void>;
}

export async function startRedriveHarness(): Promise<RedriveHarness> {
  const moto: MotoServer = await startMotoServer({ fastSqs: true });
  const sqs = new SQSClient({ endpoint: moto.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const workdir = tempDir('eventctl-redrive-crash-');
  cpSync(join(REPO_ROOT, 'fixtures/platform'), workdir, { recursive: true });
  // The redrive gate reads the manifest from the repository's protected branch (its main).
  const git = (args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: workdir, stdio: 'ignore' });
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'platform']);
  const journalDir = join(workdir, '.eventctl', 'redrive');
  /** Lines of the unfinished journals (finished ones are archived as *.done.jsonl). */
  const journalLines = () =>
    existsSync(journalDir)
      ? readdirSync(journalDir)
          .filter((f) => f.endsWith('.jsonl') && !f.endsWith('.done.jsonl'))
          .reduce((n, f) => n + readFileSync(join(journalDir, f), 'utf8').split('\n').filter(Boolean).length, 0)
      : 0;

  const harness: RedriveHarness = {
    endpoint: moto.endpoint,
    workdir,
    sqs,
    dlqUrl: '',
    queueUrl: '',
    async resetQueues() {
      await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
      harness.dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-read-model-dlq' }))).QueueUrl!;
      harness.queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-read-model' }))).QueueUrl!;
    },
    async seed(tag, count) {
      const bodies = Array.from({ length: count }, (_, i) => JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { tag, n: i } }));
      for (let i = 0; i < bodies.length; i += 10) {
        await sqs.send(new SendMessageBatchCommand({
          QueueUrl: harness.dlqUrl,
          Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `e${j}`, MessageBody: b, MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'TIMEOUT' } } })),
        }));
      }
      return bodies;
    },
    async drain(url) {
      const out: string[] = [];
      for (let empty = 0; empty < 2; ) {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }));
        if (!r.Messages?.length) empty += 1;
        for (const m of r.Messages ?? []) out.push(m.Body!);
      }
      return out;
    },
    runCli(options = {}) {
      return new Promise((resolve, reject) => {
        const args = options.args ?? ['dlq', 'redrive', 'orders-read-model', ...CLI_FLAGS];
        const child = spawn(process.execPath, [BIN, ...args, '-m', join(workdir, 'eventctl.yaml')], {
          cwd: workdir,
          env: { ...baseEnv(), ...motoEnv(options.endpoint ?? moto.endpoint), ...PRODUCT_RETRIES, ...options.env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const baseline = journalLines();
        const watcher = options.stopWhen
          ? setInterval(() => {
              if (options.stopWhen!({ stderr, journalLines: journalLines() - baseline })) {
                clearInterval(watcher);
                child.kill(options.signal ?? 'SIGKILL');
              }
            }, 20)
          : undefined;
        // A ceiling, not a timing: a healthy run of these sizes ends long before it.
        const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (watcher) clearInterval(watcher);
          clearTimeout(guard);
          resolve({ code, signal, stdout, stderr });
        });
      });
    },
    async hiddenInDlq() {
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: harness.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return { visible: Number(attrs.Attributes!.ApproximateNumberOfMessages), hidden: Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible) };
    },
    async close() {
      sqs.destroy();
      await moto.stop();
    },
  };
  return harness;
}

/** Starts one harness for the test file (beforeAll) and stops it after (afterAll); returns a getter. */
export function useRedriveHarness(): () => RedriveHarness {
  let harness: RedriveHarness | undefined;
  beforeAll(async () => {
    harness = await startRedriveHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });
  return () => harness!;
}

export function tally(found: readonly string[], original: readonly string[]): Tally {
  const counts = new Map<string, number>();
  for (const b of found) counts.set(b, (counts.get(b) ?? 0) + 1);
  const originals = new Set(original);
  return {
    lost: original.filter((b) => !counts.has(b)).length,
    duplicated: [...counts.values()].reduce((a, c) => a + c - 1, 0),
    foreign: found.filter((b) => !originals.has(b)).length,
  };
}

/**
 * `trials` crash trials of `messages` each: one or two SIGKILLs per trial at seeded random points
 * of the journal, then resumed to the end. Nothing may be lost; a crash may re-send at most the
 * one batch (10 messages) whose send outcome it could not record.
 */
export async function crashTrials(h: RedriveHarness, options: { trials: number; messages: number; random: SeededRandom }): Promise<void> {
  // A full move writes about 3 journal lines per batch of 10 (received, sent, deleted): the
  // first kill lands anywhere in the first 90% of that, a second one in what a resumed run has left.
  const linesPerRun = Math.ceil(options.messages / 10) * 3;
  const results: Array<{ trial: number; crashes: number; killedAtJournalLine: number[] } & Tally> = [];
  for (let trial = 0; trial < options.trials; trial += 1) {
    await h.resetQueues();
    const original = await h.seed(`trial-${trial}`, options.messages);
    const kills = trial % 2 === 0 ? 2 : 1;
    const killedAtJournalLine: number[] = [];
    let crashes = 0;
    let finished = false;
    for (let attempt = 0; attempt < 6 && !finished; attempt += 1) {
      const killAt = attempt < kills ? options.random.int(1, Math.ceil((linesPerRun * 0.9) / (attempt + 1))) : undefined;
      const result = await h.runCli(killAt === undefined ? {} : { stopWhen: ({ journalLines }) => journalLines >= killAt });
      if (result.signal === 'SIGKILL') {
        crashes += 1;
        killedAtJournalLine.push(killAt!);
        continue;
      }
      expect(result.code, result.stderr).toBe(0);
      finished = true;
    }
    expect(finished).toBe(true);
    const found = [...(await h.drain(h.dlqUrl)), ...(await h.drain(h.queueUrl))];
    const counted = tally(found, original);
    results.push({ trial, crashes, killedAtJournalLine, ...counted });
    expect(counted.foreign).toBe(0);
    expect(counted.lost).toBe(0);
    expect(counted.duplicated).toBeLessThanOrEqual(10 * crashes);
  }
  const totals = results.reduce((a, r) => ({ crashes: a.crashes + r.crashes, lost: a.lost + r.lost, duplicated: a.duplicated + r.duplicated }), { crashes: 0, lost: 0, duplicated: 0 });
  console.log(JSON.stringify({ seed: options.random.seed, messages: options.messages, crashTrials: results, totals }));
  // The trials must have crashed the CLI mid-move at least once, or they proved nothing.
  expect(totals.crashes).toBeGreaterThan(0);
}

/** A run through the fault proxy (throttling, 5xx, delays, dropped connections): nothing lost, nothing duplicated. */
export async function faultRun(h: RedriveHarness, options: { messages: number; seed: number }): Promise<void> {
  await h.resetQueues();
  const original = await h.seed('faults', options.messages);
  const proxy = await startFaultProxy({ target: h.endpoint, rates: { throttle: 0.03, serverError: 0.03, delay: 0.02, drop: 0.02 }, seed: options.seed, delayMs: 150 });
  try {
    // eventctl's own retry policy (every harness run has it): the SDK's, per profile.
    const result = await h.runCli({ endpoint: proxy.endpoint });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ moved: options.messages, failed: 0 });
    const found = [...(await h.drain(h.dlqUrl)), ...(await h.drain(h.queueUrl))];
    const { lost, duplicated } = tally(found, original);
    const injected = proxy.stats.throttle + proxy.stats.serverError + proxy.stats.delay + proxy.stats.drop;
    console.log(JSON.stringify({ faultRun: { seed: options.seed, messages: options.messages, stats: proxy.stats, seconds: JSON.parse(result.stdout).durationSeconds, lost, duplicated } }));
    expect(injected).toBeGreaterThan(options.messages / 50);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
  } finally {
    await proxy.close();
  }
}
