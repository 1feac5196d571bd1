import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, testClients } from '../support/aws-test-clients.js';
import { queueCounts } from '../support/live-scenario.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { BIN, REPO_ROOT, baseEnv } from '../support/run-cli.js';

// `dlq inspect` hides every message it reads until it releases them. A service manager's SIGTERM
// and a closed terminal's SIGHUP must release them as Ctrl-C does, not leave them hidden for the
// visibility timeout. A moto server of this file's own: the queue must not be reset under us.
const DLQ = 'refund-processor-dlq';
const MESSAGES = 25;

describe('dlq inspect releases what it holds on SIGTERM and SIGHUP', () => {
  let moto: MotoServer;
  let aws: ReturnType<typeof testClients>;
  let queueUrl: string;

  beforeAll(async () => {
    moto = await startMotoServer();
    aws = testClients(moto.endpoint);
    queueUrl = (await aws.sqs.send(new CreateQueueCommand({ QueueName: DLQ }))).QueueUrl!;
    for (let i = 0; i < MESSAGES; i += 10) {
      await aws.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Array.from({ length: Math.min(10, MESSAGES - i) }, (_, k) => ({
            Id: `m${k}`,
            MessageBody: JSON.stringify({ source: 'com.acme.payments', 'detail-type': 'PaymentRefunded', detail: { n: i + k } }),
          })),
        }),
      );
    }
  });
  afterAll(async () => {
    aws?.destroy();
    await moto?.stop();
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} once every message is held: exit 130 and all ${MESSAGES} visible again`, async () => {
      expect(await queueCounts(aws, DLQ)).toEqual({ visible: MESSAGES, inFlight: 0 });
      // --max above the depth keeps the scan long-polling after it has read (and hidden) them all.
      const child = spawn(process.execPath, [BIN, 'dlq', 'inspect', 'refund-processor', '--max', '1000', '--wait-seconds', '3', '-m', 'fixtures/platform/eventctl.yaml'], {
        cwd: REPO_ROOT,
        env: { ...baseEnv(), ...motoEnv(moto.endpoint), CI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
      const readAll = new Promise<boolean>((resolve) => {
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          if (new RegExp(`read ${MESSAGES} of ~${MESSAGES}`).test(stderr)) resolve(true);
        });
        void closed.then(() => resolve(false));
      });
      expect(await readAll, stderr).toBe(true);
      expect(await queueCounts(aws, DLQ)).toEqual({ visible: 0, inFlight: MESSAGES });
      child.kill(signal);
      const end = await closed;

      expect(end, stderr).toEqual({ code: 130, signal: null });
      expect(stderr).toContain(`interrupted (${signal})`);
      expect(stderr).toMatch(new RegExp(`released ${MESSAGES} receipt\\(s\\)`));
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
      expect(await queueCounts(aws, DLQ)).toEqual({ visible: MESSAGES, inFlight: 0 });
    });
  }
});
