import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { createCallCounter } from '../../../src/aws/call-counter.js';
import { runLag } from '../../../src/live/lag-run.js';
import type { ConsumerLag, LagReport } from '../../../src/ops/lag.js';
import { putMetrics, testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST, queueUrl } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

describe('eventctl lag for every target kind, from metrics put with PutMetricData', () => {
  const aws = testClients(endpoint);
  const now = new Date();
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const series = (metric: string, values: number[]) => values.map((value, i) => ({ metric, value, at: minutesAgo(values.length - i + 1) }));
  const rule = (bus: string, name: string) => ({ EventBusName: bus, RuleName: name });

  beforeAll(async () => {
    await freshSandbox(endpoint);
    // receipt-mailer (Lambda): async events 400 s old (> maxAgeSeconds 300) and 2 dropped → ERR, SLO breach.
    await putMetrics(aws.cloudWatch, 'AWS/Lambda', { FunctionName: 'receipt-mailer' }, [
      ...series('AsyncEventAge', [100_000, 90_000, 400_000]),
      ...series('AsyncEventsDropped', [0, 2, 0]),
    ]);
    // delivery-tracker (Step Functions): executions start, some throttled → WARN.
    const machines = (await aws.sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
    const tracking = machines.find((m) => m.name === 'delivery-tracking')!.stateMachineArn!;
    await putMetrics(aws.cloudWatch, 'AWS/States', { StateMachineArn: tracking }, [
      ...series('ExecutionsStarted', [4, 4, 4]),
      ...series('ExecutionThrottled', [0, 1, 0]),
    ]);
    // order-timeline (Kinesis): the iterator ages at every datapoint → STALL.
    await putMetrics(aws.cloudWatch, 'AWS/Kinesis', { StreamName: 'order-timeline' }, series('GetRecords.IteratorAgeMilliseconds', [60_000, 120_000, 180_000]));
    // partner-settlement (API destination): delivered, nothing failed → OK.
    await putMetrics(aws.cloudWatch, 'AWS/Events', rule('payments', 'partner-settlement'), series('Invocations', [2, 2, 2]));
    // cancellation-forwarder (event bus): EventBridge sent one to the target DLQ → ERR.
    await putMetrics(aws.cloudWatch, 'AWS/Events', rule('orders', 'cancellation-forwarder'), series('InvocationsSentToDlq', [0, 1, 0]));
    // The Lambda's target DLQ holds one failed event.
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(aws, 'receipt-mailer-target-dlq'), MessageBody: '{}' }));
  });
  afterAll(() => aws.destroy());

  it('shows every kind with a status, in one GetMetricData call, and exits 1 on the Lambda SLO breach', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json', now: () => now });
    const counter = createCallCounter();
    const code = await runLag(run.ctx, [], {}, { maxAttempts: 1, plugins: [counter.plugin] });
    const report = JSON.parse(run.stdout()) as LagReport;
    const by = new Map(report.consumers.map((c) => [c.consumer, c]));
    const row = (name: string): ConsumerLag => by.get(name)!;

    expect(new Set(report.consumers.map((c) => c.kind))).toEqual(new Set(['sqs', 'lambda', 'stepfunctions', 'kinesis', 'sns', 'api-destination', 'eventbus']));
    expect(counter.calls['cloudwatch:GetMetricData']).toBe(1);

    expect(row('receipt-mailer')).toMatchObject({ kind: 'lambda', target: 'receipt-mailer', status: 'ERR', ageOfOldestSeconds: 400, dlq: 'receipt-mailer-target-dlq', dlqDepth: 1 });
    expect(row('receipt-mailer').sloBreaches).toEqual(['oldest event 400s > maxAgeSeconds 300']);
    expect(row('receipt-mailer').reasons.join('; ')).toContain('2 async event(s) dropped by Lambda');
    expect(row('delivery-tracker')).toMatchObject({ kind: 'stepfunctions', status: 'WARN' });
    expect(row('delivery-tracker').reasons[0]).toBe('1 throttled execution start(s)');
    expect(row('order-timeline')).toMatchObject({ kind: 'kinesis', status: 'STALL', ageOfOldestSeconds: 180 });
    expect(row('partner-settlement')).toMatchObject({ kind: 'api-destination', status: 'OK' });
    expect(row('partner-settlement').reasons[0]).toBe('6 delivered, none failed');
    expect(row('cancellation-forwarder')).toMatchObject({ kind: 'eventbus', status: 'ERR' });
    expect(row('customer-fanout')).toMatchObject({ kind: 'sns', status: 'OK' });
    expect(row('customer-fanout').reasons).toContain('sns targets publish no consumer-side lag metric: judged by EventBridge delivery metrics only');
    expect(report.sloBreached).toBe(true);
    expect(code).toBe(1);
  });

  it('prints a KIND column in text', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, now: () => now });
    await runLag(run.ctx, ['receipt-mailer', 'order-timeline', 'customer-fanout'], {}, { maxAttempts: 1 });
    const lines = run.stdout().split('\n');
    expect(lines[0]).toMatch(/^CONSUMER\s+CLASS\s+KIND\s+STATUS/);
    expect(lines.find((l) => l.startsWith('order-timeline'))).toMatch(/projection\s+kinesis\s+STALL/);
    expect(run.stdout()).toMatch(/customer-fanout: .*sns targets publish no consumer-side lag metric/);
  });
});
