import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { runDlqInspect, type DlqInspectReport } from '../../../src/live/dlq-inspect-run.js';
import { runDlqList } from '../../../src/live/dlq-list-run.js';
import type { DlqListReport } from '../../../src/ops/dlq-list.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST, queueCounts } from '../../support/live-scenario.js';
import { deadLetterLikeEventBridge, platformEvent } from '../../support/target-dlq.js';

const endpoint = workerMotoEndpoint();
const RULE = 'arn:aws:events:us-east-1:123456789012:rule/payments/receipt-mailer';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:receipt-mailer';
const captured = () => platformEvent('com.acme.payments', 'PaymentCaptured', { paymentId: crypto.randomUUID() });

describe('dlq list / inspect include EventBridge target DLQs', () => {
  const aws = testClients(endpoint);
  beforeAll(async () => {
    await freshSandbox(endpoint);
    await deadLetterLikeEventBridge(aws, 'receipt-mailer-target-dlq', [captured(), captured(), captured()], { code: 'THROTTLING', message: 'Rate exceeded', ruleArn: RULE, targetArn: LAMBDA });
    await deadLetterLikeEventBridge(aws, 'receipt-mailer-target-dlq', [captured()], { code: 'RESOURCE_NOT_FOUND', message: 'Function not found', ruleArn: RULE, targetArn: LAMBDA });
  });
  afterAll(() => aws.destroy());

  it('dlq list shows every target DLQ with the kind of target that feeds it', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    await runDlqList(run.ctx, { maxAttempts: 1 });
    const report = JSON.parse(run.stdout()) as DlqListReport;
    const row = (name: string) => report.dlqs.find((d) => d.dlq === name);
    expect(row('receipt-mailer-target-dlq')).toMatchObject({ via: 'target', kind: 'lambda', depth: 4, consumers: [{ name: 'receipt-mailer', class: 'operational' }] });
    for (const [dlq, kind] of [['delivery-tracker-target-dlq', 'stepfunctions'], ['order-timeline-target-dlq', 'kinesis'], ['customer-fanout-target-dlq', 'sns'], ['partner-settlement-target-dlq', 'api-destination'], ['cancellation-forwarder-target-dlq', 'eventbus']]) {
      expect(row(dlq!)).toMatchObject({ via: 'target', kind, depth: 0 });
    }
    expect(row('billing-charge-dlq')).toMatchObject({ via: 'queue', kind: 'sqs' });
    expect(report.dlqs).toHaveLength(15);
  });

  it('dlq inspect reads the target DLQ, groups by EventBridge error code and releases every message', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    expect(await runDlqInspect(run.ctx, 'receipt-mailer', { waitSeconds: '1' }, { maxAttempts: 1 })).toBe(0);
    const report = JSON.parse(run.stdout()) as DlqInspectReport;
    expect(report).toMatchObject({ dlq: 'receipt-mailer-target-dlq', via: 'target', seen: 4 });
    expect(report.errorCodes).toEqual([{ code: 'THROTTLING', count: 3 }, { code: 'RESOURCE_NOT_FOUND', count: 1 }]);
    expect(report.groups[0]).toMatchObject({ count: 3, key: { by: 'eventbridge-error', errorCode: 'THROTTLING', ruleArn: RULE, targetArn: LAMBDA } });
    expect(await queueCounts(aws, 'receipt-mailer-target-dlq')).toEqual({ visible: 4, inFlight: 0 });

    const text = liveContext({ manifest: PLATFORM_MANIFEST, endpoint });
    await runDlqInspect(text.ctx, 'receipt-mailer', { waitSeconds: '1' }, { maxAttempts: 1 });
    expect(text.stdout()).toContain('receipt-mailer-target-dlq (target DLQ of consumer receipt-mailer, operational)');
    expect(text.stdout()).toContain('by error code: THROTTLING ×3, RESOURCE_NOT_FOUND ×1');
  });
});
