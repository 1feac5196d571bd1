import { DeleteQueueCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { parseExposition } from '../../support/exposition-parser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { createCallCounter } from '../../../src/aws/call-counter.js';
import { runLag } from '../../../src/live/lag-run.js';
import type { LagReport } from '../../../src/ops/lag.js';
import { putQueueMetrics, testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import {
  failUntilDeadLettered,
  freshSandbox,
  PLATFORM_MANIFEST,
  putEvents,
  queueCounts,
  queueUrl,
  validOrderPlaced,
  validRefund,
} from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

describe('eventctl lag against moto', () => {
  const aws = testClients(endpoint);
  const now = new Date();
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  beforeAll(async () => {
    await freshSandbox(endpoint);
    // 3 orders reach billing-charge, orders-read-model and fulfilment-starter through the bus.
    await putEvents(aws, 'orders', 'com.acme.orders', 'OrderPlaced', [validOrderPlaced(), validOrderPlaced(), validOrderPlaced()]);
    // 2 refunds reach refund-processor (maxReceiveCount 3) and payments-ledger-view.
    await putEvents(aws, 'payments', 'com.acme.payments', 'PaymentRefunded', [validRefund(), validRefund()]);
    await failUntilDeadLettered(aws, 'refund-processor', 3);
    expect(await queueCounts(aws, 'refund-processor-dlq')).toEqual({ visible: 2, inFlight: 0 });

    const series = (metric: string, values: number[]) =>
      values.map((value, i) => ({ metric, value, at: minutesAgo(values.length - i + 1) }));
    // billing-charge: oldest message 400 s > maxAgeSeconds 300 → ERR, SLO breach.
    await putQueueMetrics(aws.cloudWatch, 'billing-charge', [
      ...series('ApproximateAgeOfOldestMessage', [200, 300, 400]),
      ...series('NumberOfMessagesReceived', [5, 5, 5]),
      ...series('NumberOfMessagesDeleted', [5, 5, 5]),
    ]);
    // orders-read-model: receives but deletes nothing → STALL.
    await putQueueMetrics(aws.cloudWatch, 'orders-read-model', [
      ...series('ApproximateNumberOfMessagesVisible', [3, 3, 3]),
      ...series('NumberOfMessagesReceived', [4, 4, 4]),
      ...series('NumberOfMessagesDeleted', [0, 0, 0]),
    ]);
    // fulfilment-starter: backlog and nobody receiving → STOP.
    await putQueueMetrics(aws.cloudWatch, 'fulfilment-starter', [
      ...series('ApproximateNumberOfMessagesVisible', [1, 2, 3]),
      ...series('NumberOfMessagesReceived', [0, 0, 0]),
    ]);
    // payments-ledger-view: deleting, but the backlog only grows → WARN.
    await putQueueMetrics(aws.cloudWatch, 'payments-ledger-view', [
      ...series('ApproximateNumberOfMessagesVisible', [1, 1, 2]),
      ...series('NumberOfMessagesReceived', [3, 3, 3]),
      ...series('NumberOfMessagesDeleted', [2, 2, 2]),
      ...series('NumberOfMessagesSent', [3, 3, 3]),
    ]);
    // refund-processor: its DLQ went from 0 to 2 → ERR (DLQ inflow).
    await putQueueMetrics(aws.cloudWatch, 'refund-processor-dlq', [...series('ApproximateNumberOfMessagesVisible', [0, 0, 2])]);
  });
  afterAll(() => aws.destroy());

  it('classifies every consumer and exits 1 on the SLO breach', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json', now: () => now });
    const counter = createCallCounter();
    const code = await runLag(run.ctx, [], {}, { plugins: [counter.plugin], maxAttempts: 1 });
    const report = JSON.parse(run.stdout()) as LagReport;
    expect(report.schemaVersion).toBe(1);
    const status = Object.fromEntries(report.consumers.map((c) => [c.consumer, c.status]));
    expect(status).toEqual({
      'billing-charge': 'ERR',
      'shipping-notifier': 'OK',
      'refund-processor': 'ERR',
      'orders-read-model': 'STALL',
      'customer-directory': 'OK',
      'payments-ledger-view': 'WARN',
      'fulfilment-starter': 'STOP',
      'payment-capture': 'OK',
      'cancellation-handler': 'OK',
      // Push targets with no datapoint: nothing failed, nothing dropped.
      'receipt-mailer': 'OK',
      'partner-settlement': 'OK',
      'delivery-tracker': 'OK',
      'order-timeline': 'OK',
      'customer-fanout': 'OK',
      'cancellation-forwarder': 'OK',
    });
    const billing = report.consumers.find((c) => c.consumer === 'billing-charge')!;
    // 15 deleted over the 600 s window, nothing sent: 3 visible drain in 120 s.
    expect(billing).toMatchObject({ visible: 3, ageOfOldestSeconds: 400, drainEtaSeconds: 120 });
    expect(billing.sloBreaches).toEqual(['oldest message 400s > maxAgeSeconds 300']);
    expect(billing.newestDatapointAgeSeconds).toBeGreaterThanOrEqual(60);
    const refund = report.consumers.find((c) => c.consumer === 'refund-processor')!;
    expect(refund).toMatchObject({ dlqDepth: 2, dlqInflow: 2, visible: 0 });
    expect(report.sloBreached).toBe(true);
    expect(code).toBe(1);

    // 18 distinct queues and 6 target DLQs: one GetQueueAttributes each; one ListQueues; one GetMetricData.
    expect(counter.calls['sqs:GetQueueAttributes']).toBe(24);
    expect(counter.calls['sqs:ListQueues']).toBe(1);
    expect(counter.calls['sqs:GetQueueUrl'] ?? 0).toBe(0);
    expect(counter.calls['cloudwatch:GetMetricData']).toBe(1);
  });

  it('prints a table for the named consumers and exits 0 without a breach', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, now: () => now });
    const code = await runLag(run.ctx, ['orders-read-model', 'customer-directory'], {}, { maxAttempts: 1 });
    expect(code).toBe(0);
    const lines = run.stdout().split('\n');
    expect(lines[0]).toMatch(/^CONSUMER\s+CLASS\s+KIND\s+STATUS\s+VISIBLE/);
    expect(lines[1]).toMatch(/^orders-read-model\s+projection\s+sqs\s+STALL\s+3\s/);
    expect(lines[2]).toMatch(/^customer-directory\s+projection\s+sqs\s+OK\s+0\s/);
    expect(run.stdout()).toContain('orders-read-model: received 12 but deleted none in the window');
  });

  it('--watch redraws in place on a terminal until Ctrl-C, keeping the last exit code', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, now: () => now, stdoutIsTTY: true });
    const listeners = process.listenerCount('SIGINT');
    const watching = runLag(run.ctx, [], { watch: true, interval: '1' }, { maxAttempts: 1 });
    // Wait for two frames; the ceiling (45 s, inside the 60 s test timeout) is generous for a loaded machine, not a timing.
    for (let i = 0; i < 900 && run.stdout().split('\x1b[H\x1b[2J').length < 3; i += 1) await new Promise((r) => setTimeout(r, 50));
    process.emit('SIGINT');
    expect(await watching).toBe(1);
    const frames = run.stdout().split('\x1b[H\x1b[2J').slice(1);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    // eslint-disable-next-line no-control-regex
    for (const frame of frames) expect(frame.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^CONSUMER\s+CLASS[^]*last refreshed \d\d:\d\d:\d\d UTC, every 1s/);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('--watch without a terminal prints once and says so (never blocks CI)', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, now: () => now, format: 'json' });
    expect(await runLag(run.ctx, ['customer-directory'], { watch: true }, { maxAttempts: 1 })).toBe(0);
    expect(run.stderr()).toMatch(/--watch needs an interactive terminal on stdout; printing once/);
    expect(JSON.parse(run.stdout()).consumers).toHaveLength(1);
  });

  it('--format openmetrics passes the exposition parser and warns when retention is about to delete messages', async () => {
    // billing-charge's oldest message is 400 s old; a 480 s retention leaves 80 s.
    const billingUrl = await queueUrl(aws, 'billing-charge');
    const dlqUrl = await queueUrl(aws, 'refund-processor-dlq');
    await aws.sqs.send(new SetQueueAttributesCommand({ QueueUrl: billingUrl, Attributes: { MessageRetentionPeriod: '480' } }));
    await aws.sqs.send(new SetQueueAttributesCommand({ QueueUrl: dlqUrl, Attributes: { MessageRetentionPeriod: '1200' } }));
    await putQueueMetrics(aws.cloudWatch, 'refund-processor-dlq', [{ metric: 'ApproximateAgeOfOldestMessage', value: 1100, at: minutesAgo(2) }]);
    try {
      const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'openmetrics', now: () => now });
      const code = await runLag(run.ctx, ['billing-charge', 'refund-processor', 'customer-directory'], {}, { maxAttempts: 1 });
      expect(code).toBe(1);
      expect(run.stderr()).toContain('billing-charge: queue billing-charge: oldest message is 83% through its 8m retention; messages are deleted unprocessed in 1m20s');
      expect(run.stderr()).toMatch(/refund-processor: DLQ refund-processor-dlq: oldest message is 92% through its 20m retention/);
      const families = new Map(parseExposition(run.stdout()).openmetrics.map((f) => [f.name, f]));
      const sample = (family: string, consumer: string, labels: Record<string, string> = {}) =>
        families.get(family)?.samples.find((s) => s.labels.consumer === consumer && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
      expect(sample('eventctl_lag_retention_at_risk', 'billing-charge')).toBe(1);
      expect(sample('eventctl_lag_retention_at_risk', 'refund-processor')).toBe(1);
      expect(sample('eventctl_lag_retention_at_risk', 'customer-directory')).toBe(0);
      expect(sample('eventctl_lag_retention_seconds', 'billing-charge', { role: 'queue' })).toBe(480);
      expect(sample('eventctl_lag_dlq_visible_messages', 'refund-processor', { dlq: 'refund-processor-dlq' })).toBe(2);
      expect(sample('eventctl_lag_oldest_message_age_seconds', 'billing-charge')).toBe(400);
      expect(sample('eventctl_lag_slo_breached', 'billing-charge')).toBe(1);
      expect(sample('eventctl_lag_status', 'customer-directory', { status: 'OK' })).toBe(1);
    } finally {
      await aws.sqs.send(new SetQueueAttributesCommand({ QueueUrl: billingUrl, Attributes: { MessageRetentionPeriod: '345600' } }));
      await aws.sqs.send(new SetQueueAttributesCommand({ QueueUrl: dlqUrl, Attributes: { MessageRetentionPeriod: '345600' } }));
    }
  });

  it('a queue that does not exist makes its consumer ERR (an SLO it cannot measure) without hiding the others', async () => {
    // Last in this file: it deletes queues.
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: await queueUrl(aws, 'shipping-notifier') }));
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: await queueUrl(aws, 'customer-directory-dlq') }));
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json', now: () => now });
    const code = await runLag(run.ctx, ['shipping-notifier', 'customer-directory', 'payment-capture'], {}, { maxAttempts: 1 });
    const report = JSON.parse(run.stdout()) as LagReport;
    const byName = Object.fromEntries(report.consumers.map((c) => [c.consumer, c]));
    expect(byName['shipping-notifier']).toMatchObject({ status: 'ERR', visible: null, reasons: ['queue shipping-notifier does not exist'] });
    expect(byName['shipping-notifier']!.sloBreaches).toEqual(['queue shipping-notifier does not exist: the lag SLO cannot be measured']);
    expect(byName['customer-directory']!.status).toBe('ERR');
    expect(byName['customer-directory']!.reasons[0]).toBe('DLQ customer-directory-dlq does not exist: failures have nowhere to go');
    expect(byName['customer-directory']!.visible).toBe(0);
    expect(byName['payment-capture']!.status).toBe('OK');
    expect(code).toBe(1);
  });

  it('rejects an unknown consumer as a usage error', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint });
    await expect(runLag(run.ctx, ['nope'], {})).rejects.toMatchObject({ exitCode: 2 });
  });
});
