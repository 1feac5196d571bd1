import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDrift } from '../../../src/live/drift-run.js';
import type { Finding } from '../../../src/report/finding.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST, queueUrl } from '../../support/live-scenario.js';

const endpoint = inject('motoEndpoint');

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
});
