import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../support/worker-moto.js';
import { readPlan } from '../../src/approval/plan.js';
import { createCallCounter } from '../../src/aws/call-counter.js';
import type { ClientPlugin } from '../../src/aws/clients.js';
import { AbortError, ExitCode, RefusedError, RemoteError } from '../../src/errors.js';
import { REDRIVE_ATTRIBUTE } from '../../src/ops/redrive/messages.js';
import { runRedrive, type RedriveCommandOptions, type RedriveHooks } from '../../src/ops/redrive/run.js';
import { makeKey, policyDocument, policyText, signApproval, type TestKey } from '../support/approval-fixtures.js';
import { PRODUCT_RETRIES, testClients } from '../support/aws-test-clients.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { liveContext } from '../support/live-context.js';
import { freshSandbox } from '../support/live-scenario.js';
import { tempDir } from '../support/temp-dir.js';
import { parsePolicy } from '../../src/approval/policy.js';

/**
 * `dlq redrive` end to end in process: the real SDK, through the fault proxy, against moto.
 * The example platform is copied to a temp git repository (journals and plans are written beside
 * the manifest; the approval policy is read from `main` with git).
 */
const endpoint = workerMotoEndpoint();
const aws = testClients(endpoint);

/** Fast settings for tests: short long polls, few confirming polls, short visibility. */
const FAST: RedriveCommandOptions = { wait: '1', emptyPolls: '2', visibilityTimeout: '8' };

let workdir: string;
let manifest: string;
let keys: Record<'alice' | 'bob' | 'carol', TestKey>;
let policyYaml: string;

function git(args: string[]) {
  execFileSync('git', args, { cwd: workdir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

async function url(name: string): Promise<string> {
  return (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

async function seed(queue: string, bodies: readonly string[], attributes = true): Promise<void> {
  const queueUrl = await url(queue);
  for (let i = 0; i < bodies.length; i += 10) {
    const out = await aws.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({
          Id: `e${j}`,
          MessageBody: body,
          ...(attributes ? { MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: j % 2 ? 'THROTTLING' : 'NO_PERMISSIONS' } } } : {}),
        })),
      }),
    );
    if (out.Failed?.length) throw new Error(`seed failed: ${JSON.stringify(out.Failed)}`);
  }
}

/** Every message body in a queue (hides them for a minute; tests reset moto afterwards). */
async function drain(client: SQSClient, queue: string): Promise<Array<{ body: string; attrs: Record<string, string> }>> {
  const queueUrl = await url(queue);
  const out: Array<{ body: string; attrs: Record<string, string> }> = [];
  for (let empty = 0; empty < 2; ) {
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 120, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
    if (!r.Messages?.length) empty += 1;
    for (const m of r.Messages ?? []) {
      out.push({ body: m.Body!, attrs: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? ''])) });
    }
  }
  return out;
}

async function depth(queue: string): Promise<number> {
  const a = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: await url(queue), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

function bodies(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ 'detail-type': i % 3 === 0 ? 'OrderPlaced' : 'OrderCancelled', detail: { tag, n: i } }));
}

async function redrive(args: string[], options: RedriveCommandOptions, hooks: RedriveHooks = {}, via = endpoint, manifestFile = manifest, env: NodeJS.ProcessEnv = {}) {
  const run = liveContext({ manifest: manifestFile, endpoint: via, format: 'json', env: { ...PRODUCT_RETRIES, ...env } });
  run.ctx.cwd = workdir;
  const code = await runRedrive(run.ctx, args, { ...FAST, ...options }, hooks);
  return { code, report: JSON.parse(run.stdout()) as Record<string, unknown>, stderr: run.stderr() };
}

function summarise(moved: string[], original: readonly string[]) {
  const counts = new Map<string, number>();
  for (const b of moved) counts.set(b, (counts.get(b) ?? 0) + 1);
  const lost = original.filter((b) => !counts.has(b)).length;
  const duplicated = [...counts.values()].reduce((a, c) => a + (c - 1), 0);
  return { lost, duplicated };
}

beforeAll(() => {
  keys = { alice: makeKey(), bob: makeKey(), carol: makeKey() };
  policyYaml = policyText(
    policyDocument({
      alice: { groups: ['orders-owners'], keys: [keys.alice] },
      bob: { groups: ['sre'], keys: [keys.bob] },
      carol: { groups: ['orders-owners', 'sre'], keys: [keys.carol] },
    }),
  );
});

afterAll(() => aws.destroy());

// Each test gets its own platform repository (journals, plans and the policy on main live there)
// and a fresh moto, so no test runs on another's leftovers.
beforeEach(async () => {
  workdir = tempDir('eventctl-redrive-');
  cpSync('fixtures/platform', workdir, { recursive: true });
  manifest = join(workdir, 'eventctl.yaml');
  writeFileSync(join(workdir, 'policies', 'replay-approval.yaml'), policyYaml);
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'platform']);
  await freshSandbox(endpoint, manifest);
});

/** Sets `signal.aborted` (as Ctrl-C does) once `count` SendMessageBatch calls have returned. */
function abortAfterSends(count: number, signal: { aborted: boolean }, sent: { messages: number } = { messages: 0 }): ClientPlugin {
  let sends = 0;
  return (client) => {
    const stack = client.middlewareStack as unknown as { add(mw: unknown, options: { step: string; name: string }): void };
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const out = await next(args);
        if (context.commandName === 'SendMessageBatchCommand') {
          sent.messages += ((out as { output?: { Successful?: unknown[] } }).output?.Successful ?? []).length;
          if ((sends += 1) >= count) signal.aborted = true;
        }
        return out;
      },
      { step: 'initialize', name: 'abortAfterSends' },
    );
  };
}

describe('dlq redrive against moto', () => {
  it('moves 100 messages through a proxy injecting 10% faults: nothing lost, nothing duplicated', async () => {
    // moto's receive costs O(queue size) per message, so this stays small; the built CLI's fault
    // runs (300 messages in npm test, 1,000 in npm run test:soak) use a moto without that cost.
    const original = bodies(100, 'fault');
    await seed('orders-read-model-dlq', original);
    const proxy: FaultProxy = await startFaultProxy({ target: endpoint, rates: { throttle: 0.03, serverError: 0.03, delay: 0.02, drop: 0.02 }, seed: 7, delayMs: 150 });
    try {
      // eventctl's own retry policy (every run here has it): the SDK's, per profile.
      const counter = createCallCounter();
      const { code, report } = await redrive(['orders-read-model'], { yes: true }, { plugins: [counter.plugin] }, proxy.endpoint);
      expect(code).toBe(ExitCode.ok);
      expect(report).toMatchObject({ moved: 100, failed: 0, interrupted: false, mode: 'client-side' });
      const faults = proxy.stats.throttle + proxy.stats.serverError + proxy.stats.drop + proxy.stats.delay;
      expect(faults).toBeGreaterThan(2);
      const moved = await drain(aws.sqs, 'orders-read-model');
      expect(await drain(aws.sqs, 'orders-read-model-dlq')).toEqual([]);
      const { lost, duplicated } = summarise(moved.map((m) => m.body), original);
      console.log(JSON.stringify({ faultRun: { messages: 100, seed: 7, injected: proxy.stats, calls: counter.total(), attempts: Object.values(counter.attempts).reduce((a, b) => a + b, 0), seconds: report.durationSeconds, lost, duplicated } }));
      expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
      // Attributes survive, and every message carries the redrive marker.
      expect(moved.every((m) => m.attrs.ERROR_CODE && m.attrs[REDRIVE_ATTRIBUTE]?.startsWith(`${String(report.runId)}/`))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('moves 100 messages in batches: a send and a delete per batch, never one message at a time', async () => {
    const original = bodies(100, 'calls');
    await seed('orders-read-model-dlq', original, false);
    const counter = createCallCounter();
    const { report } = await redrive(['orders-read-model'], { yes: true }, { plugins: [counter.plugin] });
    expect(report.moved).toBe(100);
    console.log(JSON.stringify({ apiCalls: counter.calls, perMessage: counter.total() / 100 }));
    // moto may answer a receive with fewer than 10 messages, so a batch can be short: what is
    // deterministic is one send and one delete per batch received with messages, at least 10 of
    // them. The per-message ratio is a benchmark (npm run bench:redrive), not an assertion.
    const sends = counter.calls['sqs:SendMessageBatch'] ?? 0;
    expect(sends).toBeGreaterThanOrEqual(10);
    expect(counter.calls['sqs:DeleteMessageBatch']).toBe(sends);
    expect(counter.calls['sqs:ReceiveMessage']).toBeGreaterThanOrEqual(sends);
    expect(counter.calls['sqs:SendMessage'] ?? 0).toBe(0);
    expect(counter.calls['sqs:DeleteMessage'] ?? 0).toBe(0);
  });

  it('moves only --filter matches, and --keep leaves the DLQ as it was', async () => {
    const original = bodies(60, 'filter');
    await seed('orders-read-model-dlq', original);
    const { report } = await redrive(['orders-read-model'], { yes: true, filter: ['detail-type=OrderPlaced'], keep: true });
    expect(report).toMatchObject({ moved: 20, skipped: 40, keep: true });
    expect(await depth('orders-read-model-dlq')).toBe(60);
    const moved = (await drain(aws.sqs, 'orders-read-model')).map((m) => m.body).sort();
    expect(moved).toEqual(original.filter((b) => b.includes('OrderPlaced')).sort());
  });

  it('Ctrl-C finishes the batch in flight, puts the rest back (exit 130); the same command resumes', async () => {
    const original = bodies(100, 'interrupt');
    await seed('orders-read-model-dlq', original);
    const signal = { aborted: false };
    const sent = { messages: 0 };
    // Ctrl-C lands right after the 3rd batch has been sent, whatever the machine's speed.
    await expect(redrive(['orders-read-model'], { yes: true }, { signal, plugins: [abortAfterSends(3, signal, sent)] })).rejects.toBeInstanceOf(AbortError);
    // The sent batches were finished (deleted) and the rest went back. moto may answer a receive
    // with a short batch, so the bound is what was actually sent, not 3 x 10.
    const left = await depth('orders-read-model-dlq');
    expect(sent.messages).toBeGreaterThanOrEqual(3);
    expect(left).toBeGreaterThan(0);
    expect(left).toBe(100 - (await depth('orders-read-model')));
    expect(left).toBeLessThanOrEqual(100 - sent.messages);
    const { report } = await redrive(['orders-read-model'], { yes: true });
    expect(report.movedBefore).toBeGreaterThan(0);
    const moved = (await drain(aws.sqs, 'orders-read-model')).map((m) => m.body);
    expect(summarise(moved, original)).toEqual({ lost: 0, duplicated: 0 });
  });

  it('refuses an operational consumer without a plan: exit 3, nothing moved', async () => {
    await seed('billing-charge-dlq', bodies(15, 'gate'));
    const error = await redrive(['billing-charge'], { yes: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).exitCode).toBe(3);
    expect(await depth('billing-charge-dlq')).toBe(15);
    expect(await depth('billing-charge')).toBe(0);
  });

  it('--plan-out in text at COLUMNS=80: details and next: commands fit, each command still pastes whole', async () => {
    await seed('billing-charge-dlq', bodies(3, 'plan-out-80'));
    const planOut = join(workdir, 'replays', `inc-80-billing-charge-${Date.now()}`);
    const run = liveContext({ manifest, endpoint, env: { COLUMNS: '80' } });
    run.ctx.cwd = workdir;
    expect(await runRedrive(run.ctx, ['billing-charge'], { ...FAST, planOut, requester: 'carol', reason: 'INC-80' })).toBe(0);
    const text = run.stdout();
    // Only a path longer than a line may overflow, whole on a line of its own (the temp dir is long).
    const overflow = text.split('\n').filter((l) => l.length > 80).map((l) => l.trim().replace(/ \\$/, ''));
    expect(new Set(overflow), text).toEqual(new Set(planOut.length > 72 ? [planOut, join(planOut, 'plan.json')] : []));
    const next = text.slice(text.indexOf('next:\n') + 'next:\n'.length);
    expect(next.split('\n').some((l) => l.endsWith(' \\')), next).toBe(true);
    const pasted = next.replace(/ \\\n +/g, ' ').split('\n').map((l) => l.trim().replace(/ {2,}/g, ' ')).filter(Boolean);
    expect(pasted).toEqual([
      '# carol',
      `eventctl replay approve ${planOut} --key <key> --role requester`,
      '# each approver',
      `eventctl replay approve ${planOut} --key <key>`,
      `eventctl dlq redrive --plan ${planOut}`,
    ]);
  });

  it('with valid approvals an operational DLQ is redriven, once; without them it is refused', async () => {
    const original = bodies(40, 'approved');
    await seed('billing-charge-dlq', original);
    const planDir = join(workdir, 'replays', `redrive-${Date.now()}`);
    const written = await redrive(['billing-charge'], { planOut: planDir, requester: 'carol', reason: 'INC-1' });
    expect(written.report).toMatchObject({ kind: 'redrive', consumer: 'billing-charge', class: 'operational', maxMessages: 40 });

    // Only the requester and one approver: operational needs two (orders-owners + sre).
    const plan = await readPlan(planDir);
    const policy = parsePolicy(Buffer.from(policyYaml));
    const sign = async (who: 'alice' | 'bob' | 'carol', role: 'approver' | 'requester' = 'approver') => {
      const file = await signApproval(plan, policy, who, keys[who], { role, now: new Date() });
      writeFileSync(join(planDir, `${role}.${who}.dsse.json`), file.bytes);
    };
    await sign('carol', 'requester');
    await sign('alice');
    const refused = await redrive([], { plan: planDir, yes: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).reasons.join('\n')).toMatch(/sre/);
    expect(await depth('billing-charge-dlq')).toBe(40);

    await sign('bob');
    const ran = await redrive([], { plan: planDir, yes: true });
    expect(ran.report).toMatchObject({ moved: 40, planId: plan.plan.planId, class: 'operational' });
    expect(summarise((await drain(aws.sqs, 'billing-charge')).map((m) => m.body), original)).toEqual({ lost: 0, duplicated: 0 });

    // One-time use.
    await seed('billing-charge-dlq', bodies(5, 'again'));
    const again = await redrive([], { plan: planDir, yes: true }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(RefusedError);
    expect((again as RefusedError).reasons.join('\n')).toMatch(/already executed/);
    expect(await depth('billing-charge-dlq')).toBe(5);
    expect(existsSync(join(workdir, '.eventctl', 'journal.jsonl'))).toBe(true);
  });

  it('an interrupted approved redrive resumes under the same plan; the DLQ tag then keeps it spent', async () => {
    const original = bodies(120, 'resume-plan');
    await seed('billing-charge-dlq', original);
    const planDir = join(workdir, 'replays', `resume-${Date.now()}`);
    await redrive(['billing-charge'], { planOut: planDir, requester: 'carol', reason: 'INC-2' });
    const plan = await readPlan(planDir);
    const policy = parsePolicy(Buffer.from(policyYaml));
    for (const [who, role] of [['carol', 'requester'], ['alice', 'approver'], ['bob', 'approver']] as const) {
      const file = await signApproval(plan, policy, who, keys[who], { role, now: new Date() });
      writeFileSync(join(planDir, `${role}.${who}.dsse.json`), file.bytes);
    }
    const signal = { aborted: false };
    // Ctrl-C right after the 3rd batch is sent (in the send's own middleware, not on a timer).
    await expect(redrive([], { plan: planDir, yes: true }, { signal, plugins: [abortAfterSends(3, signal)] })).rejects.toBeInstanceOf(AbortError);
    expect(await depth('billing-charge-dlq')).toBeLessThan(120);
    const tags = (await aws.sqs.send(new ListQueueTagsCommand({ QueueUrl: await url('billing-charge-dlq') }))).Tags ?? {};
    expect(tags[`eventctl-plan:${plan.plan.planId}`]).toBe(plan.plan.expiresAt);

    const resumed = await redrive([], { plan: planDir, yes: true });
    expect(resumed.stderr).toMatch(/resuming the unfinished run of plan/);
    expect(resumed.report.movedBefore).toBeGreaterThan(0);
    expect(summarise((await drain(aws.sqs, 'billing-charge')).map((m) => m.body), original)).toEqual({ lost: 0, duplicated: 0 });
    const again = await redrive([], { plan: planDir, yes: true }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(RefusedError);
  });

  it('a tampered filter beside a signed plan is refused', async () => {
    await seed('orders-read-model-dlq', bodies(10, 'tamper'));
    const planDir = join(workdir, 'replays', `filtered-${Date.now()}`);
    await redrive(['orders-read-model'], { planOut: planDir, requester: 'carol', filter: ['detail-type=OrderPlaced'] });
    expect(readdirSync(planDir).sort()).toEqual(['plan.json', 'redrive-filter.txt']);
    writeFileSync(join(planDir, 'redrive-filter.txt'), 'detail-type=OrderCancelled\n');
    const refused = await redrive([], { plan: planDir, yes: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect(await depth('orders-read-model-dlq')).toBe(10);
  });

  it('--dry-run receives nothing', async () => {
    await seed('billing-charge-dlq', bodies(12, 'dry'));
    const { report } = await redrive(['billing-charge'], { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, approximate: 12, class: 'operational', gate: expect.stringMatching(/signed plan/) });
    const a = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: await url('billing-charge-dlq'), AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
    expect(a.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('FIFO: group and dedup ids are carried over and each group keeps its order', async () => {
    // A projection consumer on FIFO queues, added to the example platform.
    const fifoManifest = join(workdir, 'eventctl-fifo.yaml');
    const text = readFileSync(manifest, 'utf8').replace(
      '\nworkflows:',
      '\n  - name: orders-fifo-view\n    class: projection\n    owner: team-orders\n    subscribes: [order.placed]\n    queue: orders-fifo-view.fifo\n    dlq: orders-fifo-view-dlq.fifo\n    rebuildable: true\n\nworkflows:',
    );
    writeFileSync(fifoManifest, text);
    // The gate reads the manifest from the protected branch: the FIFO consumer must be merged.
    git(['add', 'eventctl-fifo.yaml']);
    git(['commit', '-q', '-m', 'fifo consumer']);
    const fifo = { FifoQueue: 'true' };
    const dlq = (await aws.sqs.send(new CreateQueueCommand({ QueueName: 'orders-fifo-view-dlq.fifo', Attributes: fifo }))).QueueUrl!;
    const queue = (await aws.sqs.send(new CreateQueueCommand({ QueueName: 'orders-fifo-view.fifo', Attributes: fifo }))).QueueUrl!;
    const sent: Array<{ group: string; dedup: string; body: string }> = [];
    for (let i = 0; i < 60; i += 1) sent.push({ group: `order-${i % 4}`, dedup: `d-${i}`, body: JSON.stringify({ seq: i, group: i % 4 }) });
    for (let i = 0; i < sent.length; i += 10) {
      await aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: dlq, Entries: sent.slice(i, i + 10).map((m, j) => ({ Id: `e${j}`, MessageBody: m.body, MessageGroupId: m.group, MessageDeduplicationId: m.dedup })) }));
    }
    // Default (sized) visibility: if a batch outlived a short one on a loaded machine, a group's
    // later messages could be handed out before it is sent, and group order would be lost.
    const { report, stderr } = await redrive(['orders-fifo-view'], { yes: true, visibilityTimeout: undefined }, {}, endpoint, fifoManifest);
    expect(report, stderr).toMatchObject({ moved: 60, failed: 0 });
    const got: Array<{ group: string; dedup: string; body: string }> = [];
    for (let empty = 0; empty < 2; ) {
      const r = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }));
      if (!r.Messages?.length) empty += 1;
      for (const m of r.Messages ?? []) got.push({ group: m.Attributes!.MessageGroupId!, dedup: m.Attributes!.MessageDeduplicationId!, body: m.Body! });
      // Delete, so the next messages of each group are handed out (FIFO group blocking).
      for (const m of r.Messages ?? []) await aws.sqs.send(new DeleteMessageCommand({ QueueUrl: queue, ReceiptHandle: m.ReceiptHandle! }));
    }
    expect([...got].sort((a, b) => a.dedup.localeCompare(b.dedup)), JSON.stringify(report)).toEqual([...sent].sort((a, b) => a.dedup.localeCompare(b.dedup)));
    for (const group of ['order-0', 'order-1', 'order-2', 'order-3']) {
      const seqs = got.filter((m) => m.group === group).map((m) => (JSON.parse(m.body) as { seq: number }).seq);
      expect(seqs, JSON.stringify({ report, got: got.map((m) => m.body) })).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('--server-side against moto (no move tasks) fails clearly and moves nothing', async () => {
    await seed('orders-read-model-dlq', bodies(10, 'server'));
    const error = await redrive(['orders-read-model'], { yes: true, serverSide: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as Error).message).toMatch(/MessageMoveTask(s)? is not supported/);
    expect(await depth('orders-read-model-dlq')).toBe(10);
  });
});
