import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, TEST_CREDENTIALS, TEST_REGION } from '../support/aws-test-clients.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { BIN, baseEnv } from '../support/run-cli.js';

/**
 * Crash safety of the built CLI: SIGKILL `eventctl dlq redrive` at random points while it moves
 * 1,000 messages, run the same command again until it finishes, then count every original body
 * in the DLQ and the queue. Also the 10% fault-injection run at the same size.
 *
 * This file runs its own moto with the SQS speed patches of test/support/moto_launcher.py
 * (moto 5.2.1 scans the whole queue per message, which makes a 1,000-message loop quadratic;
 * SQS semantics are unchanged).
 */
const MESSAGES = 1000;
const TRIALS = 10;
const CLI_FLAGS = ['--yes', '--format', 'json', '--wait', '1', '--empty-polls', '2', '--visibility-timeout', '3', '--concurrency', '4'];

let moto: MotoServer;
let sqs: SQSClient;
let workdir: string;
let dlqUrl: string;
let queueUrl: string;

async function resetQueues(): Promise<void> {
  await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
  dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-read-model-dlq' }))).QueueUrl!;
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders-read-model' }))).QueueUrl!;
}

async function seed(tag: string): Promise<string[]> {
  const bodies = Array.from({ length: MESSAGES }, (_, i) => JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { tag, n: i } }));
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: dlqUrl,
      Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `e${j}`, MessageBody: b, MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'TIMEOUT' } } })),
    }));
  }
  return bodies;
}

async function drain(url: string): Promise<string[]> {
  const out: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }));
    if (!r.Messages?.length) empty += 1;
    for (const m of r.Messages ?? []) out.push(m.Body!);
  }
  return out;
}

function runCli(
  endpoint: string,
  killAfterMs?: number,
  options: { signal?: NodeJS.Signals; args?: string[]; stopWhen?: () => Promise<boolean> } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = options.args ?? ['dlq', 'redrive', 'orders-read-model', ...CLI_FLAGS];
    const child = spawn(process.execPath, [BIN, ...args, '-m', join(workdir, 'eventctl.yaml')], {
      cwd: workdir,
      env: { ...baseEnv(), ...motoEnv(endpoint) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill(options.signal ?? 'SIGKILL'), killAfterMs);
    // Signal once a condition holds (polled), not after a fixed time that a loaded machine may not meet.
    let exited = false;
    const poll = async (): Promise<void> => {
      while (options.stopWhen && !exited) {
        if (await options.stopWhen().catch(() => false)) {
          child.kill(options.signal ?? 'SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    void poll();
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      if (killer) clearTimeout(killer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function tally(found: readonly string[], original: readonly string[]) {
  const counts = new Map<string, number>();
  for (const b of found) counts.set(b, (counts.get(b) ?? 0) + 1);
  return {
    lost: original.filter((b) => !counts.has(b)).length,
    duplicated: [...counts.values()].reduce((a, c) => a + c - 1, 0),
    foreign: found.filter((b) => !original.includes(b)).length,
  };
}

beforeAll(async () => {
  moto = await startMotoServer({ fastSqs: true });
  sqs = new SQSClient({ endpoint: moto.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  workdir = mkdtempSync(join(tmpdir(), 'eventctl-redrive-crash-'));
  cpSync('fixtures/platform', workdir, { recursive: true });
  // The redrive gate reads the manifest from the repository's protected branch.
  const git = (args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: workdir, stdio: 'ignore' });
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'platform']);
}, 60_000);

afterAll(async () => {
  sqs?.destroy();
  await moto?.stop();
});

describe('dlq redrive survives SIGKILL and faults (built CLI, 1,000 messages)', () => {
  it(`${TRIALS} trials: killed at random points, resumed: nothing lost, at most one batch duplicated per crash`, async () => {
    const results: Array<{ trial: number; crashes: number; lost: number; duplicated: number; killedAtMs: number[] }> = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      await resetQueues();
      const original = await seed(`trial-${trial}`);
      const killedAtMs: number[] = [];
      let crashes = 0;
      // One or two kills per trial, anywhere from startup to the end of the move.
      const kills = trial % 2 === 0 ? 2 : 1;
      let finished = false;
      for (let attempt = 0; attempt < 6 && !finished; attempt += 1) {
        const killAfter = attempt < kills ? 250 + Math.floor(Math.random() * 3_000) : undefined;
        const result = await runCli(moto.endpoint, killAfter);
        if (result.signal === 'SIGKILL') {
          crashes += 1;
          killedAtMs.push(killAfter!);
          continue;
        }
        expect(result.code, result.stderr).toBe(0);
        finished = true;
      }
      expect(finished).toBe(true);
      const found = [...(await drain(dlqUrl)), ...(await drain(queueUrl))];
      const { lost, duplicated, foreign } = tally(found, original);
      results.push({ trial, crashes, lost, duplicated, killedAtMs });
      expect(foreign).toBe(0);
      expect(lost).toBe(0);
      // A crash can leave one batch (≤ 10 messages) whose send outcome is unknown.
      expect(duplicated).toBeLessThanOrEqual(10 * crashes);
    }
    const totals = results.reduce((a, r) => ({ crashes: a.crashes + r.crashes, lost: a.lost + r.lost, duplicated: a.duplicated + r.duplicated }), { crashes: 0, lost: 0, duplicated: 0 });
    console.log(JSON.stringify({ crashTrials: results, totals }));
  }, 900_000);

  it('a 10% fault-injection run through the proxy: nothing lost, nothing duplicated', async () => {
    await resetQueues();
    const original = await seed('faults');
    const proxy = await startFaultProxy({ target: moto.endpoint, rates: { throttle: 0.03, serverError: 0.03, delay: 0.02, drop: 0.02 }, seed: 11, delayMs: 150 });
    try {
      const result = await runCli(proxy.endpoint);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ moved: MESSAGES, failed: 0 });
      const found = [...(await drain(dlqUrl)), ...(await drain(queueUrl))];
      const { lost, duplicated } = tally(found, original);
      const injected = proxy.stats.throttle + proxy.stats.serverError + proxy.stats.delay + proxy.stats.drop;
      console.log(JSON.stringify({ faultRun: { messages: MESSAGES, stats: proxy.stats, injectedShare: injected / (injected + proxy.stats.forwarded - proxy.stats.delay), lost, duplicated } }));
      expect(injected).toBeGreaterThan(20);
      expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    } finally {
      await proxy.close();
    }
  }, 300_000);

  it('SIGTERM stops cleanly: exit 130, nothing left hidden, and the same command resumes at once', async () => {
    await resetQueues();
    const original = await seed('sigterm');
    // SIGTERM once some messages have left the DLQ (the run is mid-move).
    const moving = async () => {
      const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return Number(a.Attributes!.ApproximateNumberOfMessages) + Number(a.Attributes!.ApproximateNumberOfMessagesNotVisible) < MESSAGES;
    };
    const stopped = await runCli(moto.endpoint, undefined, { signal: 'SIGTERM', stopWhen: moving });
    expect(stopped.code, stopped.stderr).toBe(130);
    const report = JSON.parse(stopped.stdout) as { moved: number; interrupted: boolean };
    expect(report.interrupted).toBe(true);
    expect(report.moved).toBeGreaterThan(0);
    expect(report.moved).toBeLessThan(MESSAGES);
    // Everything not moved is visible again right away (nothing waits out a visibility timeout).
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible)).toBe(0);
    expect(Number(attrs.Attributes!.ApproximateNumberOfMessages)).toBe(MESSAGES - report.moved);
    const resumed = await runCli(moto.endpoint);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ movedBefore: report.moved, moved: MESSAGES });
    const found = [...(await drain(dlqUrl)), ...(await drain(queueUrl))];
    expect(tally(found, original)).toEqual({ lost: 0, duplicated: 0, foreign: 0 });
  }, 120_000);

  it('an operational consumer without a signed plan: exit 3, nothing moved', async () => {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'billing-charge-dlq' }))).QueueUrl!;
    await sqs.send(new CreateQueueCommand({ QueueName: 'billing-charge' }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: dlq, Entries: [{ Id: 'a', MessageBody: 'charge-1' }, { Id: 'b', MessageBody: 'charge-2' }] }));
    const result = await runCli(moto.endpoint, undefined, { args: ['dlq', 'redrive', 'billing-charge', '--yes'] });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/operational consumer.*signed plan/);
    expect((await drain(dlq)).sort()).toEqual(['charge-1', 'charge-2']);
  }, 60_000);
});
