import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { crashTrials, faultRun, useRedriveHarness, tally } from '../support/redrive-trials.js';
import { seededRandom } from '../support/seeded-random.js';

/**
 * Crash safety of the built CLI, short: one crash trial and a fault run of 300 messages. The
 * long trials (10 trials of 1,000 messages, a 1,000-message fault run) run the same code in
 * `npm run test:soak` (test/soak/redrive-crash.soak.test.ts).
 */
const MESSAGES = 300;

const harness = useRedriveHarness();

describe(`dlq redrive survives SIGKILL and faults (built CLI, ${MESSAGES} messages)`, () => {
  it('a trial: killed at seeded random points of its journal, resumed: nothing lost, at most one batch duplicated per crash', async () => {
    await crashTrials(harness(), { trials: 1, messages: MESSAGES, random: seededRandom('redrive crash trials') });
  }, 300_000);

  it('a 10% fault-injection run through the proxy: nothing lost, nothing duplicated', async () => {
    await faultRun(harness(), { messages: MESSAGES, seed: 11 });
  }, 300_000);

  // SIGTERM (a service manager) and SIGHUP (a closed terminal or SSH session) stop it as Ctrl-C does.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} once it reports progress: exit 130, nothing left hidden, and the same command resumes at once`, async () => {
      const total = 500;
      const h = harness();
      await h.resetQueues();
      const original = await h.seed(signal.toLowerCase(), total);
      // Stop once the first messages have moved (its first progress line), not after a fixed time.
      const stopped = await h.runCli({ signal, stopWhen: ({ stderr }) => /moved [1-9]\d*/.test(stderr) });
      expect(stopped.code, stopped.stderr).toBe(130);
      const report = JSON.parse(stopped.stdout) as { moved: number; interrupted: boolean };
      expect(stopped.stderr).toContain(`stopping (${signal})`);
      expect(report.interrupted).toBe(true);
      expect(report.moved).toBeGreaterThan(0);
      expect(report.moved).toBeLessThan(total);
      // Everything not moved is visible again right away (nothing waits out a visibility timeout).
      expect(await h.hiddenInDlq()).toEqual({ visible: total - report.moved, hidden: 0 });
      const resumed = await h.runCli();
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ movedBefore: report.moved, moved: total });
      const found = [...(await h.drain(h.dlqUrl)), ...(await h.drain(h.queueUrl))];
      expect(tally(found, original)).toEqual({ lost: 0, duplicated: 0, foreign: 0 });
    }, 120_000);
  }

  it('an operational consumer without a signed plan: exit 3, nothing moved', async () => {
    const h = harness();
    await h.resetQueues();
    const dlq = (await h.sqs.send(new CreateQueueCommand({ QueueName: 'billing-charge-dlq' }))).QueueUrl!;
    await h.sqs.send(new CreateQueueCommand({ QueueName: 'billing-charge' }));
    await h.sqs.send(new SendMessageBatchCommand({ QueueUrl: dlq, Entries: [{ Id: 'a', MessageBody: 'charge-1' }, { Id: 'b', MessageBody: 'charge-2' }] }));
    const result = await h.runCli({ args: ['dlq', 'redrive', 'billing-charge', '--yes'] });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/operational consumer.*signed plan/);
    expect((await h.drain(dlq)).sort()).toEqual(['charge-1', 'charge-2']);
  }, 60_000);
});
