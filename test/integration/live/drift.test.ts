import { DeleteRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { runDrift } from '../../../src/live/drift-run.js';
import type { Finding } from '../../../src/report/finding.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST, queueUrl } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

async function drift(): Promise<{ code: number; findings: Finding[]; summary: Record<string, number> }> {
  const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
  const code = await runDrift(run.ctx, { maxAttempts: 1 });
  const out = JSON.parse(run.stdout()) as { schemaVersion: number; command: string; findings: Finding[]; summary: Record<string, number> };
  expect(out.schemaVersion).toBe(1);
  expect(out.command).toBe('drift');
  return { code, findings: out.findings, summary: out.summary };
}

describe('eventctl drift against moto', () => {
  const aws = testClients(endpoint);
  beforeAll(() => freshSandbox(endpoint));
  afterAll(() => aws.destroy());

  it('finds nothing right after sandbox up', async () => {
    const { code, findings } = await drift();
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports a deleted queue, a changed redrive, an unguarded operational rule, an extra rule and target', async () => {
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: await queueUrl(aws, 'shipping-notifier') }));
    const refund = await queueUrl(aws, 'refund-processor');
    const dlqArn = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(aws, 'refund-processor-dlq'), AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await aws.sqs.send(new SetQueueAttributesCommand({ QueueUrl: refund, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 7 }) } }));
    // Someone "simplified" the operational rule: it now takes every order event, replays included.
    await aws.events.send(new PutRuleCommand({ Name: 'cancellation-handler', EventBusName: 'orders', EventPattern: JSON.stringify({ source: ['com.acme.orders'] }) }));
    await aws.events.send(new PutRuleCommand({ Name: 'audit-tap', EventBusName: 'payments', EventPattern: JSON.stringify({ source: [{ prefix: 'com.acme' }] }) }));
    await aws.events.send(new PutTargetsCommand({ Rule: 'billing-charge', EventBusName: 'orders', Targets: [{ Id: 'tap', Arn: 'arn:aws:sqs:us-east-1:123456789012:customer-directory' }] }));

    const { code, findings, summary } = await drift();
    const got = findings.map((f) => [f.rule, f.subject.name, f.severity]).sort();
    expect(got).toEqual(
      [
        ['drift/extra-rule', 'payments/audit-tap', 'error'],
        ['drift/extra-target', 'orders/billing-charge', 'error'],
        ['drift/max-receive-count', 'refund-processor', 'error'],
        ['drift/missing-queue', 'shipping-notifier', 'error'],
        ['drift/pattern-mismatch', 'orders/cancellation-handler', 'error'],
        ['drift/replay-unguarded', 'orders/cancellation-handler', 'warn'],
      ].sort(),
    );
    const missing = findings.find((f) => f.rule === 'drift/missing-queue')!;
    expect(missing.message).toBe('queue shipping-notifier (consumer shipping-notifier) does not exist');
    expect(missing.location?.file).toMatch(/eventctl\.yaml$/);
    expect(missing.location?.line).toBeGreaterThan(1);
    expect(findings.find((f) => f.rule === 'drift/pattern-mismatch')!.message).toBe(
      'rule cancellation-handler also matches topic order.placed, which cancellation-handler does not subscribe to',
    );
    expect(summary.warn).toBe(1);
    expect(code).toBe(1);
  });

  it("reports a deleted opt-in replay rule, one that also takes live events, and one that delivers elsewhere", async () => {
    await freshSandbox(endpoint);
    expect((await drift()).findings).toEqual([]);
    await aws.events.send(new RemoveTargetsCommand({ Rule: 'billing-charge-replay', EventBusName: 'orders', Ids: ['billing-charge'] }));
    await aws.events.send(new DeleteRuleCommand({ Name: 'billing-charge-replay', EventBusName: 'orders' }));
    // The guard copied over instead of the opt-in: live events now reach the consumer twice.
    await aws.events.send(new PutRuleCommand({ Name: 'shipping-notifier-replay', EventBusName: 'orders', EventPattern: JSON.stringify({ source: ['com.acme.fulfilment'], 'detail-type': ['OrderShipped'] }) }));
    await aws.events.send(new PutTargetsCommand({ Rule: 'refund-processor-replay', EventBusName: 'payments', Targets: [{ Id: 'tap', Arn: 'arn:aws:sqs:us-east-1:123456789012:payments-ledger-view' }] }));

    const { code, findings, summary } = await drift();
    expect(findings.map((f) => [f.rule, f.subject.name, f.severity]).sort()).toEqual(
      [
        ['drift/replay-rule-missing', 'orders/billing-charge-replay', 'warn'],
        ['drift/replay-rule-pattern', 'orders/shipping-notifier-replay', 'error'],
        ['drift/replay-rule-pattern', 'orders/shipping-notifier-replay', 'error'],
        ['drift/replay-rule-targets', 'payments/refund-processor-replay', 'error'],
      ].sort(),
    );
    const missing = findings.find((f) => f.rule === 'drift/replay-rule-missing')!;
    expect(missing.message).toBe('operational consumer billing-charge has no opt-in replay rule billing-charge-replay on bus orders; its rule billing-charge excludes replays, so an approved replay cannot reach it');
    expect(missing.hint).toMatch(/eventctl sandbox up/);
    expect(missing.location?.file).toMatch(/eventctl\.yaml$/);
    expect(findings.filter((f) => f.rule === 'drift/replay-rule-pattern').map((f) => f.message)).toEqual([
      expect.stringMatching(/also matches live events/),
      expect.stringMatching(/matches replays not named ectl-…/),
    ]);
    expect(findings.find((f) => f.rule === 'drift/replay-rule-targets')!.message).toBe(
      'replay rule refund-processor-replay does not deliver like rule refund-processor: it also delivers to arn:aws:sqs:us-east-1:123456789012:payments-ledger-view',
    );
    expect(summary.warn).toBe(1);
    expect(code).toBe(1);
  });
});
