import { DeleteStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { ListExecutionsCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import type { ClientPlugin } from '../../../src/aws/clients.js';
import { RefusedError } from '../../../src/errors.js';
import { runRedrive, type RedriveCommandOptions } from '../../../src/ops/redrive/run.js';
import { PRODUCT_RETRIES, testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, queueCounts } from '../../support/live-scenario.js';
import { deadLetterLikeEventBridge, platformEvent, type DeadLetteredEvent } from '../../support/target-dlq.js';
import { approvePlan, replayPlatform, type ReplayPlatform } from '../../support/replay-platform.js';

/**
 * Target-DLQ redrive to a Lambda function and to a Standard state machine, through the one gate
 * like any operational/workflow redrive (a signed plan; the manifest and policy read from `main`
 * of a temp git repository), against moto through the real SDK.
 */
const endpoint = workerMotoEndpoint();
const aws = testClients(endpoint);
const FAST: RedriveCommandOptions = { wait: '1', emptyPolls: '2', visibilityTimeout: '8' };
let platform: ReplayPlatform;

/** Records the payload of every Lambda Invoke that succeeded. */
function invokeRecorder(): { plugin: ClientPlugin; payloads: string[] } {
  const payloads: string[] = [];
  const plugin: ClientPlugin = (client, service) => {
    if (service !== 'lambda') return;
    const stack = client.middlewareStack as unknown as { add(mw: unknown, options: { step: string; name: string }): void };
    stack.add(
      (next: (a: { input: { Payload?: Uint8Array } }) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: { input: { Payload?: Uint8Array } }) => {
          const out = await next(args);
          if (context.commandName === 'InvokeCommand') payloads.push(Buffer.from(args.input.Payload ?? []).toString());
          return out;
        },
      { step: 'initialize', name: 'recordInvokes' },
    );
  };
  return { plugin, payloads };
}

async function redrive(args: string[], options: RedriveCommandOptions, plugins: ClientPlugin[] = []) {
  // The product's retry policy, as every redrive test has (see PRODUCT_RETRIES).
  const run = liveContext({ manifest: platform.manifest, endpoint, format: 'json', env: PRODUCT_RETRIES });
  run.ctx.cwd = platform.dir;
  const code = await runRedrive(run.ctx, args, { ...FAST, ...options }, { plugins });
  return { code, report: JSON.parse(run.stdout()) as Record<string, unknown>, stderr: run.stderr() };
}

async function signedPlan(consumer: string, signers: Array<['alice' | 'bob' | 'carol', 'approver' | 'requester']>): Promise<string> {
  const planDir = join(platform.dir, 'replays', `${consumer}-${Date.now()}`);
  await redrive([consumer], { planOut: planDir, requester: 'carol', reason: 'INC-7' });
  for (const [who, role] of signers) await approvePlan(platform, planDir, who, { role });
  return planDir;
}

const ids = (events: readonly DeadLetteredEvent[]) => events.map((e) => e.id).sort();

afterAll(() => aws.destroy());

// Each test: its own platform repository (the gate reads manifest and policy from main) and a fresh moto.
beforeEach(async () => {
  platform = replayPlatform();
  // Lambda without Docker: moto accepts the invoke and runs nothing (set before the sandbox: it resets Lambda).
  const config = await fetch(`${endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
  if (!config.ok) throw new Error(`moto config: ${config.status}`);
  await freshSandbox(endpoint, platform.manifest);
});

describe('dlq redrive from an EventBridge target DLQ', () => {
  it('to a Lambda: refused without approvals; with them every event is invoked exactly once', async () => {
    const events = Array.from({ length: 12 }, () => platformEvent('com.acme.payments', 'PaymentCaptured', { paymentId: crypto.randomUUID() }));
    await deadLetterLikeEventBridge(aws, 'receipt-mailer-target-dlq', events, {
      code: 'THROTTLING', message: 'Rate exceeded',
      ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/payments/receipt-mailer', targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:receipt-mailer',
    });
    const refusedRecorder = invokeRecorder();
    const refused = await redrive(['receipt-mailer'], { yes: true }, [refusedRecorder.plugin]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).reasons.join('\n')).toMatch(/receipt-mailer is an operational consumer on the protected branch: its DLQ is redriven only under a signed plan/);
    expect(refusedRecorder.payloads).toEqual([]);
    expect(await queueCounts(aws, 'receipt-mailer-target-dlq')).toEqual({ visible: 12, inFlight: 0 });

    const planDir = await signedPlan('receipt-mailer', [['carol', 'requester'], ['alice', 'approver'], ['bob', 'approver']]);
    const recorder = invokeRecorder();
    const ran = await redrive([], { plan: planDir, yes: true }, [recorder.plugin]);
    expect(ran.report).toMatchObject({ moved: 12, failed: 0, class: 'operational', dlq: 'receipt-mailer-target-dlq', target: { kind: 'lambda', resource: 'receipt-mailer' } });
    expect(recorder.payloads.map((p) => (JSON.parse(p) as { id: string }).id).sort()).toEqual(ids(events));
    expect(await queueCounts(aws, 'receipt-mailer-target-dlq')).toEqual({ visible: 0, inFlight: 0 });
  });

  it('to a state machine: one execution per event, named from its id, and a re-run starts nothing twice', async () => {
    const events = Array.from({ length: 8 }, () => platformEvent('com.acme.fulfilment', 'OrderShipped', { orderId: crypto.randomUUID() }));
    const failure = {
      code: 'SDK_CLIENT_ERROR', message: 'ExecutionLimitExceeded',
      ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/orders/delivery-tracker', targetArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:delivery-tracking',
    };
    await deadLetterLikeEventBridge(aws, 'delivery-tracker-target-dlq', events, failure);
    const refused = await redrive(['delivery-tracker'], { yes: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);

    const ran = await redrive([], { plan: await signedPlan('delivery-tracker', [['carol', 'requester'], ['alice', 'approver']]), yes: true });
    expect(ran.report).toMatchObject({ moved: 8, failed: 0, class: 'workflow', target: { kind: 'stepfunctions', resource: 'delivery-tracking' } });
    const machine = ((await aws.sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).find((m) => m.name === 'delivery-tracking')!;
    const executions = async () => ((await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn }))).executions ?? []).map((e) => e.name!).sort();
    expect(await executions()).toEqual(ids(events).map((id) => `ectl-${id}`));
    expect(await queueCounts(aws, 'delivery-tracker-target-dlq')).toEqual({ visible: 0, inFlight: 0 });

    // The same three events dead-lettered again (say, EventBridge's own retry also failed): a
    // second approved redrive empties the DLQ but starts no second execution for any of them.
    await deadLetterLikeEventBridge(aws, 'delivery-tracker-target-dlq', events.slice(0, 3), failure);
    const again = await redrive([], { plan: await signedPlan('delivery-tracker', [['carol', 'requester'], ['alice', 'approver']]), yes: true });
    expect(again.report).toMatchObject({ moved: 3, failed: 0 });
    expect(await executions()).toEqual(ids(events).map((id) => `ectl-${id}`));
  });

  it('a projection\'s target DLQ without a plan: the gate resolves the stream; each event is put once, keyed by the correlation key', async () => {
    const events = Array.from({ length: 5 }, () => platformEvent('com.acme.fulfilment', 'OrderShipped', { orderId: crypto.randomUUID() }));
    const failure = {
      code: 'THROTTLING', message: 'Rate exceeded',
      ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/orders/order-timeline', targetArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/order-timeline',
    };
    await deadLetterLikeEventBridge(aws, 'order-timeline-target-dlq', events, failure);
    const ran = await redrive(['order-timeline'], { yes: true });
    expect(ran.report).toMatchObject({ moved: 5, failed: 0, class: 'projection', target: { kind: 'kinesis', resource: 'order-timeline' } });
    const records: Array<{ key: string; id: string }> = [];
    for (const shard of (await aws.kinesis.send(new ListShardsCommand({ StreamName: 'order-timeline' }))).Shards ?? []) {
      const iterator = (await aws.kinesis.send(new GetShardIteratorCommand({ StreamName: 'order-timeline', ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      for (const r of (await aws.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator! }))).Records ?? []) {
        records.push({ key: r.PartitionKey!, id: (JSON.parse(Buffer.from(r.Data!).toString()) as { id: string }).id });
      }
    }
    expect(records.map((r) => r.id).sort()).toEqual(ids(events));
    expect(records.map((r) => r.key).sort()).toEqual(events.map((e) => (e.detail as { orderId: string }).orderId).sort());

    // The target gone: the gate cannot resolve it, and nothing is received from the DLQ.
    await deadLetterLikeEventBridge(aws, 'order-timeline-target-dlq', events.slice(0, 2), failure);
    await aws.kinesis.send(new DeleteStreamCommand({ StreamName: 'order-timeline' }));
    const refused = await redrive(['order-timeline'], { yes: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).reasons.join('\n')).toMatch(/kinesis target order-timeline .* does not exist in this account and region/);
    expect(await queueCounts(aws, 'order-timeline-target-dlq')).toEqual({ visible: 2, inFlight: 0 });
  });
});
