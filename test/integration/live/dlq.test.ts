import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { createCallCounter } from '../../../src/aws/call-counter.js';
import { RefusedError } from '../../../src/errors.js';
import { runDlqInspect, type DlqInspectReport } from '../../../src/live/dlq-inspect-run.js';
import { runDlqList } from '../../../src/live/dlq-list-run.js';
import type { DlqListReport } from '../../../src/ops/dlq-list.js';
import { putQueueMetrics, testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { failUntilDeadLettered, freshSandbox, PLATFORM_MANIFEST, putEvents, queueCounts, queueUrl, validOrderPlaced, validRefund } from '../../support/live-scenario.js';
import { tempDir } from '../../support/temp-dir.js';

const endpoint = workerMotoEndpoint();

/** Every message id in the queue, read with visibility 0 so the read changes nothing lasting. */
async function messageIds(aws: ReturnType<typeof testClients>, queue: string): Promise<string[]> {
  const url = await queueUrl(aws, queue);
  const ids = new Set<string>();
  for (let i = 0; i < 10; i += 1) {
    const out = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    for (const m of out.Messages ?? []) ids.add(m.MessageId!);
  }
  return [...ids].sort();
}

describe('eventctl dlq list / inspect against moto', () => {
  const aws = testClients(endpoint);
  const malformed = { ...validRefund(), amount: 'twelve' } as Record<string, unknown>;
  delete malformed.refundId;

  beforeAll(async () => {
    await freshSandbox(endpoint);
    // Two good refunds and one malformed one go through the bus; the consumer fails them 3 times.
    await putEvents(aws, 'payments', 'com.acme.payments', 'PaymentRefunded', [validRefund(), validRefund(), malformed]);
    await failUntilDeadLettered(aws, 'refund-processor', 3);
    // An EventBridge target DLQ message, as EventBridge writes it (error attributes on the message).
    const billingDlq = await queueUrl(aws, 'billing-charge-dlq');
    for (let i = 0; i < 2; i += 1) {
      await aws.sqs.send(
        new SendMessageCommand({
          QueueUrl: billingDlq,
          MessageBody: JSON.stringify({ source: 'com.acme.orders', 'detail-type': 'OrderPlaced', detail: {} }),
          MessageAttributes: {
            ERROR_CODE: { DataType: 'String', StringValue: 'NO_PERMISSIONS' },
            ERROR_MESSAGE: { DataType: 'String', StringValue: 'not authorized to perform sqs:SendMessage' },
            RULE_ARN: { DataType: 'String', StringValue: 'arn:aws:events:us-east-1:123456789012:rule/orders/billing-charge' },
            TARGET_ARN: { DataType: 'String', StringValue: 'arn:aws:sqs:us-east-1:123456789012:billing-charge' },
          },
        }),
      );
    }
    await putQueueMetrics(aws.cloudWatch, 'refund-processor-dlq', [
      { metric: 'ApproximateAgeOfOldestMessage', value: 120, at: new Date(Date.now() - 120_000) },
    ]);
  });
  afterAll(() => aws.destroy());

  it('dlq list: depth and oldest age per DLQ with its consumer and class', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    const counter = createCallCounter();
    expect(await runDlqList(run.ctx, { plugins: [counter.plugin], maxAttempts: 1 })).toBe(0);
    const report = JSON.parse(run.stdout()) as DlqListReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.dlqs.slice(0, 2)).toEqual([
      { dlq: 'refund-processor-dlq', consumers: [{ name: 'refund-processor', class: 'operational' }], via: 'queue', kind: 'sqs', exists: true, depth: 3, inFlight: 0, oldestAgeSeconds: 120, dataAgeSeconds: expect.any(Number) },
      { dlq: 'billing-charge-dlq', consumers: [{ name: 'billing-charge', class: 'operational' }], via: 'queue', kind: 'sqs', exists: true, depth: 2, inFlight: 0, oldestAgeSeconds: null, dataAgeSeconds: null },
    ]);
    // 9 queue DLQs and 6 EventBridge target DLQs.
    expect(report.dlqs).toHaveLength(15);
    expect(report.totalMessages).toBe(5);
    expect(counter.calls['sqs:GetQueueAttributes']).toBe(15);
    expect(counter.calls['cloudwatch:GetMetricData']).toBe(1);
  });

  it('dlq inspect: groups, flags the malformed event, exports NDJSON, and leaves the DLQ as it was', async () => {
    const before = await messageIds(aws, 'refund-processor-dlq');
    expect(before).toHaveLength(3);
    const dir = tempDir('eventctl-dlq-');
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    const code = await runDlqInspect(run.ctx, 'refund-processor', { export: join(dir, 'out.ndjson'), waitSeconds: '1' }, { maxAttempts: 1 });
    expect(code).toBe(0);
    const report = JSON.parse(run.stdout()) as DlqInspectReport;
    expect(report).toMatchObject({ dlq: 'refund-processor-dlq', approximateTotal: 3, seen: 3, released: 3, malformed: 1 });
    expect(report.groups.map((g) => [g.label, g.count])).toEqual([['com.acme.payments / PaymentRefunded', 3]]);
    const bad = report.messages.filter((m) => m.valid === false);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.topic).toBe('payment.refunded');
    expect(bad[0]!.errors.join(' ')).toMatch(/refundId/);
    const exported = readFileSync(join(dir, 'out.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messageId: string; body: { source: string } });
    expect(exported.map((e) => e.messageId).sort()).toEqual(before);
    expect(exported[0]!.body.source).toBe('com.acme.payments');

    expect(await queueCounts(aws, 'refund-processor-dlq')).toEqual({ visible: 3, inFlight: 0 });
    expect(await messageIds(aws, 'refund-processor-dlq')).toEqual(before);
  });

  it('dlq inspect groups malformed events: one line per topic and reason, with a count', async () => {
    // Straight into the DLQ, as the bus delivers them (the envelope around the detail), read in a mixed order.
    const dlqUrl = await queueUrl(aws, 'orders-read-model-dlq');
    const envelope = (detail: Record<string, unknown>) => JSON.stringify({ version: '0', id: randomUUID(), source: 'com.acme.orders', 'detail-type': 'OrderPlaced', account: '123456789012', time: '2026-11-28T08:00:00Z', region: 'us-east-1', resources: [], detail });
    const without = (field: string) => {
      const detail = validOrderPlaced();
      delete detail[field];
      return envelope(detail);
    };
    const bodies = [without('orderId'), without('customerId'), 'not json {', without('orderId'), envelope(validOrderPlaced()), without('customerId'), without('orderId'), 'not json {'];
    try {
      for (const body of bodies) await aws.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));
      const text = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, env: { COLUMNS: '80' } });
      expect(await runDlqInspect(text.ctx, 'orders-read-model', { waitSeconds: '1' }, { maxAttempts: 1 })).toBe(0);
      const out = text.stdout();
      expect(out).toMatch(/saw 8 of ~8\s+message\(s\)/);
      expect(out.slice(out.indexOf('7 malformed event(s), by topic and first error:')).split('\n').slice(1, 5), out).toEqual([
        'COUNT  TOPIC: ERROR',
        "    3  order.placed: /detail must have required property 'orderId'",
        "    2  order.placed: /detail must have required property 'customerId'",
        '    2  (unknown topic): body is not a JSON event',
      ]);
      expect(out.split('\n').filter((l) => l.length > 80), out).toEqual([]);
      const json = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
      expect(await runDlqInspect(json.ctx, 'orders-read-model', { waitSeconds: '1' }, { maxAttempts: 1 })).toBe(0);
      const report = JSON.parse(json.stdout()) as DlqInspectReport;
      expect(report.malformed).toBe(7);
      expect(report.malformedGroups.map((g) => [g.topic, g.reason, g.count, g.messageIds.length])).toEqual([
        ['order.placed', "/detail must have required property 'orderId'", 3, 3],
        ['order.placed', "/detail must have required property 'customerId'", 2, 2],
        [null, 'body is not a JSON event', 2, 2],
      ]);
      expect(await queueCounts(aws, 'orders-read-model-dlq')).toEqual({ visible: 8, inFlight: 0 });
    } finally {
      await aws.sqs.send(new PurgeQueueCommand({ QueueUrl: dlqUrl }));
    }
  });

  it('dlq inspect groups EventBridge target failures by their error attributes', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    expect(await runDlqInspect(run.ctx, 'billing-charge', { waitSeconds: '1' }, { maxAttempts: 1 })).toBe(0);
    const report = JSON.parse(run.stdout()) as DlqInspectReport;
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]!.key).toEqual({
      by: 'eventbridge-error',
      errorCode: 'NO_PERMISSIONS',
      errorMessage: 'not authorized to perform sqs:SendMessage',
      ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/orders/billing-charge',
      targetArn: 'arn:aws:sqs:us-east-1:123456789012:billing-charge',
    });
    expect(report.groups[0]!.count).toBe(2);
    expect(await queueCounts(aws, 'billing-charge-dlq')).toEqual({ visible: 2, inFlight: 0 });
  });

  it('refuses a DLQ with its own redrive policy unless --force', async () => {
    const quarantine = (await aws.sqs.send(new CreateQueueCommand({ QueueName: 'quarantine' }))).QueueUrl!;
    const quarantineArn = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: quarantine, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await aws.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: await queueUrl(aws, 'billing-charge-dlq'),
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: quarantineArn, maxReceiveCount: 10 }) },
      }),
    );
    const refused = liveContext({ manifest: PLATFORM_MANIFEST, endpoint });
    const error = await runDlqInspect(refused.ctx, 'billing-charge', { waitSeconds: '1' }, { maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/billing-charge-dlq has its own redrive policy .*quarantine/);

    const forced = liveContext({ manifest: PLATFORM_MANIFEST, endpoint });
    expect(await runDlqInspect(forced.ctx, 'billing-charge', { force: true, waitSeconds: '1' }, { maxAttempts: 1 })).toBe(0);
    expect(forced.stderr()).toMatch(/reading anyway/);
    expect(forced.stdout()).toMatch(/saw 2 of ~2 message\(s\)/);
    expect(await queueCounts(aws, 'billing-charge-dlq')).toEqual({ visible: 2, inFlight: 0 });
  });
});
