import { ListTargetsByRuleCommand, PutTargetsCommand, RemoveTargetsCommand, ListApiDestinationsCommand } from '@aws-sdk/client-eventbridge';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { DeleteFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { runDrift } from '../../../src/live/drift-run.js';
import type { Finding } from '../../../src/report/finding.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

async function drift(): Promise<Finding[]> {
  const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
  await runDrift(run.ctx, { maxAttempts: 1 });
  return (JSON.parse(run.stdout()) as { findings: Finding[] }).findings;
}

describe('every target kind: sandbox up and drift against moto', () => {
  const aws = testClients(endpoint);
  beforeAll(() => freshSandbox(endpoint));
  afterAll(() => aws.destroy());

  it('creates the Lambda, state machine, stream, topic and API destination, and targets them with DLQ and retry', async () => {
    const functions = (await aws.lambda.send(new ListFunctionsCommand({}))).Functions ?? [];
    expect(functions.map((f) => f.FunctionName)).toContain('receipt-mailer');
    const machines = (await aws.sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
    expect(machines.map((m) => m.name)).toContain('delivery-tracking');
    expect((await aws.kinesis.send(new ListStreamsCommand({}))).StreamNames).toContain('order-timeline');
    expect(((await aws.sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn)).toContainEqual(expect.stringMatching(/:customer-events$/));
    expect(((await aws.events.send(new ListApiDestinationsCommand({}))).ApiDestinations ?? []).map((d) => d.Name)).toContain('partner-settlement');

    const targets = async (rule: string, bus: string) => (await aws.events.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: bus }))).Targets ?? [];
    const [mailer] = await targets('receipt-mailer', 'payments');
    expect(mailer!.Arn).toMatch(/:function:receipt-mailer$/);
    expect(mailer!.DeadLetterConfig?.Arn).toMatch(/:receipt-mailer-target-dlq$/);
    expect(mailer!.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    const [tracker] = await targets('delivery-tracker', 'orders');
    expect(tracker!.Arn).toMatch(/:stateMachine:delivery-tracking$/);
    expect(tracker!.RoleArn).toMatch(/:role\/eventctl-sandbox$/);
    const [timeline] = await targets('order-timeline', 'orders');
    expect(timeline!.Arn).toMatch(/:stream\/order-timeline$/);
    expect(timeline!.KinesisParameters).toEqual({ PartitionKeyPath: '$.detail.orderId' });
    const [forwarder] = await targets('cancellation-forwarder', 'orders');
    expect(forwarder!.Arn).toMatch(/:event-bus\/payments$/);
    // The replay twin of an operational Lambda consumer delivers exactly like its rule.
    const strip = (list: Awaited<ReturnType<typeof targets>>) => list.map(({ Id: _id, ...rest }) => rest);
    expect(strip(await targets('receipt-mailer-replay', 'payments'))).toEqual(strip(await targets('receipt-mailer', 'payments')));
  });

  it('drift is clean right after sandbox up', async () => {
    expect(await drift()).toEqual([]);
  });

  it('reports a changed retry policy, a lost target DLQ, another target kind, a partition key and a deleted function', async () => {
    const put = (rule: string, bus: string, target: Record<string, unknown>) =>
      aws.events.send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [target as never] }));
    await put('receipt-mailer', 'payments', { Id: 'receipt-mailer', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:receipt-mailer', RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 } });
    await put('order-timeline', 'orders', {
      Id: 'order-timeline',
      Arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/order-timeline',
      KinesisParameters: { PartitionKeyPath: '$.id' },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:order-timeline-target-dlq' },
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
    });
    await aws.events.send(new RemoveTargetsCommand({ Rule: 'delivery-tracker', EventBusName: 'orders', Ids: ['delivery-tracker'] }));
    await put('delivery-tracker', 'orders', { Id: 'queue', Arn: 'arn:aws:sqs:us-east-1:123456789012:fulfilment-starter' });
    await aws.lambda.send(new DeleteFunctionCommand({ FunctionName: 'receipt-mailer' }));

    const found = (await drift()).map((f) => `${f.rule} ${f.subject.name}`).sort();
    expect(found).toEqual([
      'drift/missing-target-resource receipt-mailer',
      'drift/replay-rule-targets payments/receipt-mailer-replay',
      'drift/target-dlq payments/receipt-mailer',
      'drift/target-input orders/order-timeline',
      'drift/target-kind orders/delivery-tracker',
      'drift/target-retry payments/receipt-mailer',
    ]);
  });
});
