import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { DescribeRuleCommand, ListArchivesCommand, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { RefusedError } from '../../../src/errors.js';
import { runSandboxUp } from '../../../src/live/sandbox-run.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { resetMoto } from '../../support/moto-server.js';

const endpoint = workerMotoEndpoint();
const MANIFEST = 'fixtures/platform/eventctl.yaml';

describe('sandbox up against moto', () => {
  const aws = testClients(endpoint);
  beforeAll(() => resetMoto(endpoint));
  afterAll(() => aws.destroy());

  it('creates buses, queues with redrive policies, rules with targets and archives', async () => {
    const run = liveContext({ manifest: MANIFEST, endpoint, format: 'json' });
    expect(await runSandboxUp(run.ctx)).toBe(0);
    const out = JSON.parse(run.stdout()) as { schemaVersion: number; summary: Record<string, number> };
    expect(out.schemaVersion).toBe(1);
    expect(out.summary.updated).toBe(0);
    expect(out.summary.unchanged).toBe(0);

    const url = (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: 'refund-processor' }))).QueueUrl!;
    const attrs = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }))).Attributes!;
    const redrive = JSON.parse(attrs.RedrivePolicy!) as { deadLetterTargetArn: string; maxReceiveCount: number };
    expect(redrive.deadLetterTargetArn).toMatch(/:refund-processor-dlq$/);
    expect(Number(redrive.maxReceiveCount)).toBe(3);

    const rule = await aws.events.send(new DescribeRuleCommand({ Name: 'refund-processor', EventBusName: 'payments' }));
    expect(JSON.parse(rule.EventPattern!)).toEqual({
      source: ['com.acme.payments'],
      'detail-type': ['PaymentRefunded'],
      'replay-name': [{ exists: false }],
    });
    const projection = await aws.events.send(new DescribeRuleCommand({ Name: 'orders-read-model', EventBusName: 'orders' }));
    expect(JSON.parse(projection.EventPattern!)).toEqual({
      $or: [
        { source: ['com.acme.fulfilment'], 'detail-type': ['OrderShipped'] },
        { source: ['com.acme.orders'], 'detail-type': ['OrderCancelled', 'OrderPlaced'] },
      ],
    });
    const targets = await aws.events.send(new ListTargetsByRuleCommand({ Rule: 'refund-processor', EventBusName: 'payments' }));
    expect(targets.Targets?.map((t) => t.Arn)).toEqual([expect.stringMatching(/:refund-processor$/)]);
    // Every operational consumer has its opt-in replay rule beside its own; projections and workflows do not.
    const names = async (bus: string) => ((await aws.events.send(new ListRulesCommand({ EventBusName: bus }))).Rules ?? []).filter((r) => !r.ManagedBy).map((r) => r.Name!).sort();
    expect(await names('payments')).toEqual([
      'partner-settlement',
      'partner-settlement-replay',
      'payment-capture',
      'payments-ledger-view',
      'receipt-mailer',
      'receipt-mailer-replay',
      'refund-processor',
      'refund-processor-replay',
    ]);
    expect(await names('orders')).toEqual([
      'billing-charge',
      'billing-charge-replay',
      'cancellation-forwarder',
      'cancellation-handler',
      'cancellation-handler-replay',
      'customer-directory',
      'customer-fanout',
      'delivery-tracker',
      'fulfilment-starter',
      'order-timeline',
      'orders-read-model',
      'shipping-notifier',
      'shipping-notifier-replay',
    ]);
    const listed = (await aws.events.send(new ListRulesCommand({ EventBusName: 'payments', NamePrefix: 'refund-processor-replay' }))).Rules!;
    expect(listed).toHaveLength(1);
    expect(JSON.parse(listed[0]!.EventPattern!)).toEqual({
      source: ['com.acme.payments'],
      'detail-type': ['PaymentRefunded'],
      'replay-name': [{ prefix: 'ectl-' }],
    });
    expect(listed[0]!.State).toBe('ENABLED');
    const replayTargets = await aws.events.send(new ListTargetsByRuleCommand({ Rule: 'refund-processor-replay', EventBusName: 'payments' }));
    const strip = (list: typeof replayTargets.Targets) => (list ?? []).map(({ Id: _id, ...rest }) => rest);
    expect(strip(replayTargets.Targets)).toEqual(strip(targets.Targets));
    expect(replayTargets.Targets?.map((t) => t.Arn)).toEqual([expect.stringMatching(/:refund-processor$/)]);

    const archives = await aws.events.send(new ListArchivesCommand({}));
    expect(archives.Archives?.map((a) => [a.ArchiveName, a.RetentionDays]).sort()).toEqual([
      ['orders-archive', 30],
      ['payments-archive', 30],
    ]);
  });

  it('reports the replay rules it created among its steps', async () => {
    await resetMoto(endpoint);
    const run = liveContext({ manifest: MANIFEST, endpoint, format: 'json' });
    expect(await runSandboxUp(run.ctx)).toBe(0);
    const steps = (JSON.parse(run.stdout()) as { steps: Array<{ kind: string; name: string; action: string }> }).steps;
    expect(steps.filter((s) => s.name.includes('-replay'))).toEqual([
      { kind: 'rule', name: 'orders/billing-charge-replay', action: 'created' },
      { kind: 'target', name: 'billing-charge-replay → billing-charge', action: 'created' },
      { kind: 'rule', name: 'orders/shipping-notifier-replay', action: 'created' },
      { kind: 'target', name: 'shipping-notifier-replay → shipping-notifier', action: 'created' },
      { kind: 'rule', name: 'payments/refund-processor-replay', action: 'created' },
      { kind: 'target', name: 'refund-processor-replay → refund-processor', action: 'created' },
      { kind: 'rule', name: 'orders/cancellation-handler-replay', action: 'created' },
      { kind: 'target', name: 'cancellation-handler-replay → cancellation-handler', action: 'created' },
      { kind: 'rule', name: 'payments/receipt-mailer-replay', action: 'created' },
      { kind: 'target', name: 'receipt-mailer-replay → receipt-mailer', action: 'created' },
      { kind: 'rule', name: 'payments/partner-settlement-replay', action: 'created' },
      { kind: 'target', name: 'partner-settlement-replay → partner-settlement', action: 'created' },
    ]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const run = liveContext({ manifest: MANIFEST, endpoint, format: 'json' });
    expect(await runSandboxUp(run.ctx)).toBe(0);
    const out = JSON.parse(run.stdout()) as { summary: Record<string, number>; steps: unknown[] };
    expect(out.summary).toEqual({ created: 0, updated: 0, unchanged: out.steps.length });
  });

  it('refuses an endpoint that is not loopback, before any call', async () => {
    const run = liveContext({ manifest: MANIFEST, endpoint: 'https://sqs.eu-west-1.amazonaws.com' });
    await expect(runSandboxUp(run.ctx)).rejects.toBeInstanceOf(RefusedError);
  });
});
