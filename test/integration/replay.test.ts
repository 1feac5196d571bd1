import { DeleteRuleCommand, DescribeArchiveCommand, DescribeReplayCommand, PutRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../support/worker-moto.js';
import { readJournal } from '../../src/approval/journal.js';
import { parsePlanBytes } from '../../src/approval/plan.js';
import { InputError, RefusedError, UsageError } from '../../src/errors.js';
import { runReplayPlan } from '../../src/live/replay-plan-run.js';
import { runReplayRun } from '../../src/live/replay-run.js';
import { runReplayCancel, runReplayStatus } from '../../src/live/replay-status.js';
import { testClients } from '../support/aws-test-clients.js';
import { liveContext } from '../support/live-context.js';
import { freshSandbox, putEvents, queueUrl, validOrderPlaced } from '../support/live-scenario.js';
import { approvePlan, replayPlatform, type ReplayPlatform } from '../support/replay-platform.js';
import { createRequestRecorder } from '../support/request-recorder.js';
import type { ClientPlugin } from '../../src/aws/clients.js';

const endpoint = workerMotoEndpoint();
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders`;
const ARCHIVE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:archive/orders-archive`;
const ruleArn = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders/${name}`;

describe('replay plan → approve → run against moto', () => {
  const aws = testClients(endpoint);
  let platform: ReplayPlatform;
  // A minute-aligned hour that ended an hour ago: old enough to replay.
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000);
  const start = new Date(end.getTime() - 60 * 60_000);
  const window = { start: start.toISOString().replace('.000Z', 'Z'), end: end.toISOString().replace('.000Z', 'Z') };
  let n = 0;
  const outDir = () => join(platform.dir, 'replays', `plan-${(n += 1)}`);

  const ctxFor = (format: 'json' | 'text' = 'json') => liveContext({ manifest: platform.manifest, endpoint, format });
  const plan = async (consumers: string[], extra: Record<string, string> = {}) => {
    const out = outDir();
    const run = ctxFor();
    const code = await runReplayPlan(run.ctx, consumers, { from: window.start, to: window.end, out, requester: 'carol', reason: 'INC-1: test', ...extra }, { maxAttempts: 1 });
    expect(code).toBe(0);
    return { dir: out, view: JSON.parse(run.stdout()) as Record<string, any>, stderr: run.stderr() };
  };
  const run = async (dir: string, options: Record<string, unknown> = { yes: true, pollInterval: '0.01' }) => {
    const recorder = createRequestRecorder();
    const c = ctxFor();
    try {
      const code = await runReplayRun(c.ctx, dir, options, { plugins: [recorder.plugin], maxAttempts: 1 });
      return { code, recorder, stdout: c.stdout(), stderr: c.stderr(), error: undefined as unknown };
    } catch (error) {
      return { code: undefined, recorder, stdout: c.stdout(), stderr: c.stderr(), error };
    }
  };

  beforeAll(async () => {
    platform = replayPlatform();
    await freshSandbox(endpoint, platform.manifest);
    await putEvents(aws, 'orders', 'com.acme.orders', 'OrderPlaced', [validOrderPlaced(), validOrderPlaced(), validOrderPlaced()]);
    const archive = await aws.events.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }));
    expect(archive.EventCount).toBe(3);
    // moto publishes no AWS/Events metrics: seed MatchedEvents inside the window (3 + 4) and one outside it.
    const datum = (rule: string, at: Date, value: number) => ({
      MetricName: 'MatchedEvents',
      Dimensions: [{ Name: 'EventBusName', Value: 'orders' }, { Name: 'RuleName', Value: rule }],
      Timestamp: at,
      Value: value,
    });
    await aws.cloudWatch.send(new PutMetricDataCommand({
      Namespace: 'AWS/Events',
      MetricData: [
        datum('orders-read-model', new Date(start.getTime() + 5 * 60_000), 3),
        datum('orders-read-model', new Date(start.getTime() + 50 * 60_000), 4),
        datum('orders-read-model', new Date(end.getTime() + 10 * 60_000), 100),
        datum('billing-charge', new Date(start.getTime() + 20 * 60_000), 2),
      ],
    }));
  });
  afterAll(() => aws.destroy());

  it('plans a projection-only replay: rules from the account, estimate from MatchedEvents, canonical plan', async () => {
    const { dir, view } = await plan(['orders-read-model']);
    expect(view.schemaVersion).toBe(1);
    expect(view.bus).toBe(BUS_ARN);
    expect(view.archive).toBe(ARCHIVE_ARN);
    expect(view.targets).toEqual([expect.objectContaining({ consumer: 'orders-read-model', class: 'projection', ruleArn: ruleArn('orders-read-model'), estimatedEvents: 7 })]);
    expect(view.estimate).toMatchObject({ events: 7, maxEvents: 107, method: 'cloudwatch-matched-events-v1', noData: false });
    expect(view.approvals.required).toBe(false);
    const artifact = parsePlanBytes(readFileSync(join(dir, 'plan.json')));
    expect(artifact.digest).toBe(view.digest);
    expect(artifact.plan).toMatchObject({
      kind: 'replay',
      requester: 'carol',
      aws: { account: ACCOUNT, region: REGION },
      archiveArn: ARCHIVE_ARN,
      eventBusArn: BUS_ARN,
      window,
      policy: { version: 1, sha256: platform.policy.sha256 },
    });
    expect(artifact.plan.targets[0]!.ruleSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs a projection-only plan without approvals and sends exactly the planned StartReplay', async () => {
    const { dir, view } = await plan(['orders-read-model']);
    const result = await run(dir);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    const starts = result.recorder.of('StartReplay');
    expect(starts).toHaveLength(1);
    const input = starts[0]!.input as any;
    expect(input).toEqual({
      ReplayName: view.replayName,
      Description: expect.stringContaining(view.planId),
      EventSourceArn: ARCHIVE_ARN,
      EventStartTime: start,
      EventEndTime: end,
      Destination: { Arn: BUS_ARN, FilterArns: [ruleArn('orders-read-model')] },
    });
    // On the wire: the same, as JSON (timestamps in epoch seconds).
    const body = JSON.parse(starts[0]!.body!);
    expect(body).toMatchObject({
      ReplayName: view.replayName,
      EventSourceArn: ARCHIVE_ARN,
      EventStartTime: start.getTime() / 1000,
      EventEndTime: end.getTime() / 1000,
      Destination: { Arn: BUS_ARN, FilterArns: [ruleArn('orders-read-model')] },
    });
    // The only write is StartReplay, after read-only preflight.
    expect(result.recorder.writes().map((r) => r.operation)).toEqual(['StartReplay']);
    // Every read-only preflight call comes before it.
    const ops = result.recorder.requests.map((r) => r.operation);
    const startAt = ops.indexOf('StartReplay');
    expect(ops.slice(0, startAt)).toEqual(expect.arrayContaining(['DescribeEventBus', 'DescribeArchive', 'DescribeRule', 'ListTargetsByRule', 'GetMetricData', 'DescribeReplay', 'ListReplays']));
    expect(ops.slice(startAt + 1).every((op) => op === 'DescribeReplay')).toBe(true);

    // What moto echoes back.
    const echoed = await aws.events.send(new DescribeReplayCommand({ ReplayName: view.replayName }));
    expect(echoed.State).toBe('COMPLETED');
    expect(echoed.EventSourceArn).toBe(ARCHIVE_ARN);
    expect(echoed.Destination).toEqual({ Arn: BUS_ARN, FilterArns: [ruleArn('orders-read-model')] });
    expect(echoed.EventStartTime?.getTime()).toBe(start.getTime());
    expect(echoed.EventEndTime?.getTime()).toBe(end.getTime());

    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ name: view.replayName, state: 'COMPLETED', filterArns: [ruleArn('orders-read-model')], progress: 1 });
    // Replayed events carry replay-name (moto delivers them; it ignores FilterArns, AWS would not).
    const url = await queueUrl(aws, 'orders-read-model');
    const messages = (await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages ?? [];
    expect(messages.some((m) => JSON.parse(m.Body!)['replay-name'] === view.replayName)).toBe(true);

    const journal = await readJournal(join(platform.dir, '.eventctl', 'journal.jsonl'));
    const mine = journal.filter((e) => e.planId === view.planId);
    expect(mine.map((e) => e.state)).toEqual(['started', 'started', 'completed']);
    expect(mine[1]!.detail).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:replay/${view.replayName}`);

    // One-time: the journal refuses the same plan again, before any AWS call.
    const again = await run(dir);
    expect(again.error).toBeInstanceOf(RefusedError);
    expect((again.error as RefusedError).reasons.join('\n')).toMatch(/already executed/);
    expect(again.recorder.requests).toEqual([]);

    // status and cancel by plan directory and by name.
    const status = ctxFor();
    expect(await runReplayStatus(status.ctx, dir, { maxAttempts: 1 })).toBe(0);
    expect(JSON.parse(status.stdout())).toMatchObject({ name: view.replayName, state: 'COMPLETED', archiveArn: ARCHIVE_ARN, busArn: BUS_ARN, filterArns: [ruleArn('orders-read-model')] });
    const cancel = ctxFor();
    await expect(runReplayCancel(cancel.ctx, view.replayName, { yes: true }, { maxAttempts: 1 })).rejects.toThrow(/COMPLETED; only a STARTING or RUNNING replay can be cancelled/);
  });

  it('refuses an operational plan (exit 3, every reason, no AWS call) until the requester and two eligible approvers sign', async () => {
    const { dir, view, stderr } = await plan(['billing-charge', 'orders-read-model']);
    expect(view.approvals.required).toBe(true);
    // The operational consumer is replayed through its opt-in rule; its own rule's MatchedEvents are the estimate.
    expect(view.targets).toEqual([
      expect.objectContaining({ consumer: 'billing-charge', class: 'operational', ruleArn: ruleArn('billing-charge-replay'), ruleName: 'billing-charge-replay', consumerRule: 'billing-charge', via: 'replay-rule', estimatedEvents: 2 }),
      expect.objectContaining({ consumer: 'orders-read-model', class: 'projection', ruleArn: ruleArn('orders-read-model'), consumerRule: 'orders-read-model', via: 'consumer-rule', estimatedEvents: 7 }),
    ]);
    expect(stderr).not.toMatch(/excludes replayed events/);
    expect(parsePlanBytes(readFileSync(join(dir, 'plan.json'))).plan.targets.map((t) => t.ruleArn)).toEqual([ruleArn('billing-charge-replay'), ruleArn('orders-read-model')]);
    expect(view.estimate.events).toBe(9);
    const refused = await run(dir);
    expect(refused.error).toBeInstanceOf(RefusedError);
    const error = refused.error as RefusedError;
    expect(error.exitCode).toBe(3);
    expect(error.reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/requester carol has not signed/),
      expect.stringMatching(/operational: needs 2 distinct approvers other than the requester, has 0/),
    ]));
    expect(refused.recorder.requests).toEqual([]);

    await approvePlan(platform, dir, 'carol', { role: 'requester' });
    await approvePlan(platform, dir, 'carol'); // self-approval: never counts
    await approvePlan(platform, dir, 'alice');
    const one = await run(dir);
    expect((one.error as RefusedError).reasons).toEqual(expect.arrayContaining([expect.stringMatching(/needs 2 distinct approvers other than the requester, has 1 \(alice\)/)]));
    expect(one.recorder.requests).toEqual([]);

    await approvePlan(platform, dir, 'bob');
    const ok = await run(dir);
    expect(ok.error).toBeUndefined();
    expect(ok.code).toBe(0);
    const input = ok.recorder.of('StartReplay')[0]!.input as any;
    // FilterArns: the operational consumer's opt-in replay rule, the projection's own rule.
    expect(input.Destination).toEqual({ Arn: BUS_ARN, FilterArns: [ruleArn('billing-charge-replay'), ruleArn('orders-read-model')] });
    expect(JSON.parse(ok.recorder.of('StartReplay')[0]!.body!).Destination.FilterArns).toEqual([ruleArn('billing-charge-replay'), ruleArn('orders-read-model')]);
    // The gate resolved each FilterArns rule (DescribeRule Arn), then the preflight recomputed its
    // digest, and estimated from the consumer's own rule.
    expect(ok.recorder.of('DescribeRule').map((r) => r.input.Name)).toEqual(['billing-charge-replay', 'orders-read-model', 'billing-charge-replay', 'orders-read-model']);
    const queried = ok.recorder.of('GetMetricData').flatMap((r) => (r.input.MetricDataQueries as any[]).flatMap((q) => q.MetricStat.Metric.Dimensions.map((d: any) => d.Value)));
    expect(queried).toContain('billing-charge');
    expect(queried).not.toContain('billing-charge-replay');
    expect(input.ReplayName).toBe(view.replayName);
    expect(JSON.parse(ok.stdout).approvers).toEqual(['alice', 'bob']);
  });

  it('voids every approval when any byte of the plan changes', async () => {
    const { dir } = await plan(['billing-charge']);
    for (const who of ['alice', 'bob'] as const) await approvePlan(platform, dir, who);
    await approvePlan(platform, dir, 'carol', { role: 'requester' });
    const file = join(dir, 'plan.json');
    const text = readFileSync(file, 'utf8');
    // Still canonical JSON, one character different: the reason.
    writeFileSync(file, text.replace('INC-1: test', 'INC-1: tess'));
    const result = await run(dir);
    expect(result.error).toBeInstanceOf(RefusedError);
    const reasons = (result.error as RefusedError).reasons.join('\n');
    expect(reasons).toMatch(/signed for another plan/);
    expect(reasons).toMatch(/has 0/);
    expect(result.recorder.requests).toEqual([]);
  });

  it('refuses at preflight, before any write, when a target rule changed after planning', async () => {
    const { dir } = await plan(['customer-directory']);
    await aws.events.send(new PutRuleCommand({ Name: 'customer-directory', EventBusName: 'orders', EventPattern: JSON.stringify({ source: ['com.acme.customers', 'com.acme.other'] }) }));
    const result = await run(dir);
    expect(result.error).toBeInstanceOf(RefusedError);
    expect((result.error as RefusedError).reasons).toEqual([expect.stringMatching(/customer-directory: rule .*rule\/orders\/customer-directory changed since planning/)]);
    expect(result.recorder.writes()).toEqual([]);
    expect(result.recorder.of('DescribeRule').length).toBeGreaterThan(0);
  });

  it("refuses to plan (exit 2) for an operational consumer whose opt-in replay rule is missing, naming the rule and the fix", async () => {
    await aws.events.send(new RemoveTargetsCommand({ Rule: 'cancellation-handler-replay', EventBusName: 'orders', Ids: ['cancellation-handler'] }));
    await aws.events.send(new DeleteRuleCommand({ Name: 'cancellation-handler-replay', EventBusName: 'orders' }));
    const out = outDir();
    const c = ctxFor();
    const error = await runReplayPlan(c.ctx, ['cancellation-handler', 'orders-read-model'], { from: window.start, to: window.end, out, requester: 'carol' }, { maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toBe('operational consumer cancellation-handler has no opt-in replay rule orders/cancellation-handler-replay; its rule cancellation-handler excludes replayed events, so a replay cannot reach it');
    expect((error as InputError).hint).toMatch(/eventctl sandbox up.*create rule cancellation-handler-replay on bus orders with the pattern and targets of cancellation-handler but "replay-name": \[\{"prefix": "ectl-"\}\]/);
    expect(existsSync(join(out, 'plan.json'))).toBe(false);
    // The projection alone still plans: its own rule takes replays.
    await plan(['orders-read-model']);
  });

  it('plan.json changed between verification and the AWS call changes nothing: the verified bytes run', async () => {
    const { dir, view } = await plan(['orders-read-model']);
    const file = join(dir, 'plan.json');
    const swapped = readFileSync(file, 'utf8').replaceAll('rule/orders/orders-read-model', 'rule/orders/billing-charge-replay');
    expect(swapped).not.toBe(readFileSync(file, 'utf8'));
    // Swap the file as soon as the first AWS request is built (after verification, before StartReplay).
    let done = false;
    const swapper: ClientPlugin = (client) => {
      (client.middlewareStack as unknown as { add(mw: unknown, o: { step: string; name: string }): void }).add(
        (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
          if (!done) {
            done = true;
            writeFileSync(file, swapped);
          }
          return next(args);
        },
        { step: 'initialize', name: 'testPlanSwapper' },
      );
    };
    const recorder = createRequestRecorder();
    const c = ctxFor();
    const code = await runReplayRun(c.ctx, dir, { yes: true, pollInterval: '0.01' }, { plugins: [swapper, recorder.plugin], maxAttempts: 1 });
    expect(code).toBe(0);
    expect(done).toBe(true);
    const starts = recorder.of('StartReplay');
    expect(starts).toHaveLength(1);
    expect((starts[0]!.input as any).ReplayName).toBe(view.replayName);
    expect((starts[0]!.input as any).Destination.FilterArns).toEqual([ruleArn('orders-read-model')]);
  });

  it('never prompts without a terminal: without --yes it stops before the write', async () => {
    const { dir } = await plan(['orders-read-model']);
    const result = await run(dir, { pollInterval: '0.01' });
    expect(result.error).toBeInstanceOf(UsageError);
    expect(String((result.error as Error).message)).toMatch(/refusing to continue without confirmation/);
    expect(result.recorder.writes()).toEqual([]);
  });

  it('refuses a window that is too recent, naming the wait', async () => {
    const recent = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000);
    const out = outDir();
    const c = ctxFor();
    await runReplayPlan(c.ctx, ['orders-read-model'], { from: new Date(recent.getTime() - 30 * 60_000).toISOString().replace('.000Z', 'Z'), to: recent.toISOString().replace('.000Z', 'Z'), out, requester: 'carol' }, { maxAttempts: 1 });
    const result = await run(out);
    expect(result.error).toBeInstanceOf(RefusedError);
    expect((result.error as RefusedError).reasons.join('\n')).toMatch(/must end at least 10 minutes ago/);
    expect(result.recorder.requests).toEqual([]);
  });
});
