import { DeleteQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, testClients } from '../support/aws-test-clients.js';
import { queueCounts, queueUrl } from '../support/live-scenario.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { BIN, REPO_ROOT, baseEnv, runCli, type CliResult } from '../support/run-cli.js';

// The live commands through the built CLI against a moto server of this file's own: the test
// resets it, interrupts a scan and finally turns authentication on, which must not disturb others.
const MANIFEST = ['-m', 'fixtures/platform/eventctl.yaml'];

/** The error is one `eventctl:` line (plus an optional hint), never a stack trace or an SDK dump. */
function expectOneLineError(result: CliResult, pattern: RegExp): void {
  const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('  hint:'));
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(4);
}

describe('live commands through the CLI', () => {
  let moto: MotoServer;
  let aws: ReturnType<typeof testClients>;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli([...args, ...MANIFEST], { env: { ...env, ...extra } });

  beforeAll(async () => {
    moto = await startMotoServer();
    aws = testClients(moto.endpoint);
    env = { ...motoEnv(moto.endpoint), CI: '1' };
  });
  afterAll(async () => {
    aws?.destroy();
    await moto?.stop();
  });

  it('sandbox up creates the example platform, then changes nothing', async () => {
    const first = await cli(['sandbox', 'up', '--format', 'json']);
    expect(first.code, first.stderr).toBe(0);
    // 40 queue-platform resources, plus an opt-in replay rule and its target for each of the 4
    // operational queue consumers (48); the 6 push consumers add 6 target DLQs, a function, a state
    // machine, a stream, a topic and an API destination, 6 rules and targets, and 2 replay twins (27).
    expect(JSON.parse(first.stdout).summary).toEqual({ created: 75, updated: 0, unchanged: 0 });
    const second = await cli(['sandbox', 'up']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 created, 0 updated, 75 unchanged$/m);
  });

  it('sandbox up refuses an endpoint that is not loopback (exit 3)', async () => {
    const result = await cli(['sandbox', 'up', '--endpoint-url', 'https://sqs.eu-west-1.amazonaws.com']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^eventctl: sandbox up refuses endpoint https:\/\/sqs\.eu-west-1\.amazonaws\.com: it is not a loopback address$/m);
  });

  it('lag, dlq list and drift run clean on a fresh sandbox', async () => {
    const lag = await cli(['lag', '--format', 'json']);
    expect(lag.code, lag.stderr).toBe(0);
    const consumers = JSON.parse(lag.stdout).consumers as Array<{ kind: string; status: string }>;
    expect(consumers).toHaveLength(15);
    // Every kind is measured and has a status.
    expect(new Set(consumers.map((c) => c.kind))).toEqual(new Set(['sqs', 'lambda', 'stepfunctions', 'kinesis', 'sns', 'api-destination', 'eventbus']));
    for (const c of consumers) expect(['OK', 'WARN', 'STALL', 'STOP', 'ERR']).toContain(c.status);
    const list = await cli(['dlq', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^refund-processor-dlq\s+refund-processor\s+operational\s+queue\s+0\s+0/m);
    const drift = await cli(['drift', '--format', 'json']);
    expect(drift.code, drift.stderr).toBe(0);
    expect(JSON.parse(drift.stdout).findings).toEqual([]);
  });

  it('dlq inspect interrupted by SIGINT exits 130 and returns every message to visibility', async () => {
    const url = await queueUrl(aws, 'refund-processor-dlq');
    for (let i = 0; i < 25; i += 10) {
      await aws.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: Math.min(10, 25 - i) }, (_, k) => ({
            Id: `m${k}`,
            MessageBody: JSON.stringify({ source: 'com.acme.payments', 'detail-type': 'PaymentRefunded', detail: { n: i + k } }),
          })),
        }),
      );
    }
    expect(await queueCounts(aws, 'refund-processor-dlq')).toEqual({ visible: 25, inFlight: 0 });

    // --max above the depth keeps the scan long-polling after it has read (and hidden) all 25.
    const child = spawn(process.execPath, [BIN, 'dlq', 'inspect', 'refund-processor', '--max', '1000', '--wait-seconds', '3', ...MANIFEST], {
      cwd: REPO_ROOT,
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const readAll = new Promise<void>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (/read 25 of ~25/.test(stderr)) resolve();
      });
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await readAll;
    expect(await queueCounts(aws, 'refund-processor-dlq')).toEqual({ visible: 0, inFlight: 25 });
    child.kill('SIGINT');
    const code = await closed;

    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted after reading 25 message\(s\); released 25 receipt\(s\)/);
    expect(stdout).toBe('');
    expect(await queueCounts(aws, 'refund-processor-dlq')).toEqual({ visible: 25, inFlight: 0 });
  });

  it('an unreachable endpoint is one line and exit 4 (no SDK notices on stderr, even with Node warnings on)', async () => {
    const result = await cli(['lag', '--endpoint-url', 'http://127.0.0.1:9'], { NODE_NO_WARNINGS: '' });
    expectOneLineError(result, /^eventctl: cannot reach http:\/\/127\.0\.0\.1:9 for \w+ .*ECONNREFUSED$/);
  });

  it('a missing queue is one line and exit 4', async () => {
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: await queueUrl(aws, 'billing-charge-dlq') }));
    const result = await cli(['dlq', 'inspect', 'billing-charge']);
    expectOneLineError(result, /^eventctl: queue billing-charge-dlq does not exist \(GetQueueUrl\)$/);
  });

  it('wrong credentials are one line and exit 4', async () => {
    // Last in this file: from here on moto checks credentials (only the access key "testing"... none are known).
    const response = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0', headers: { 'content-type': 'text/plain' } });
    expect(response.ok).toBe(true);
    const result = await cli(['dlq', 'list'], { AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG', AWS_SECRET_ACCESS_KEY: 'wrong' });
    expectOneLineError(result, /^eventctl: AWS refused \w+ .*\(HTTP 403\): the credentials were rejected or lack (sqs|cloudwatch):\w+$/);
  });
});
