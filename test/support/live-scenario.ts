import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { runSandboxUp } from '../../src/live/sandbox-run.js';
import { liveContext } from './live-context.js';
import { resetMoto } from './moto-server.js';
import type { testClients } from './aws-test-clients.js';

export const PLATFORM_MANIFEST = 'fixtures/platform/eventctl.yaml';

type Clients = ReturnType<typeof testClients>;

/** Wipes moto and creates the example platform with `eventctl sandbox up` (in process). */
export async function freshSandbox(endpoint: string, manifest = PLATFORM_MANIFEST): Promise<void> {
  await resetMoto(endpoint);
  const run = liveContext({ manifest, endpoint, format: 'json' });
  const code = await runSandboxUp(run.ctx);
  if (code !== 0) throw new Error(`sandbox up failed (${code}): ${run.stderr()}`);
}

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

export function validRefund(): Record<string, unknown> {
  return {
    paymentId: randomUUID(),
    refundId: randomUUID(),
    orderId: randomUUID(),
    amount: { amount: 1250, currency: 'EUR' },
    refundedAt: '2026-11-28T08:00:00Z',
    traceparent: TRACEPARENT,
  };
}

export function validOrderPlaced(): Record<string, unknown> {
  return {
    orderId: randomUUID(),
    customerId: randomUUID(),
    placedAt: '2026-11-28T08:00:00Z',
    total: { amount: 4200, currency: 'EUR' },
    lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: { amount: 4200, currency: 'EUR' } }],
    channel: 'web',
    traceparent: TRACEPARENT,
  };
}

/** PutEvents through the real bus → rule → SQS path (at most 10 per call). */
export async function putEvents(
  aws: Clients,
  bus: string,
  source: string,
  detailType: string,
  details: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < details.length; i += 10) {
    const out = await aws.events.send(
      new PutEventsCommand({
        Entries: details.slice(i, i + 10).map((d) => ({ EventBusName: bus, Source: source, DetailType: detailType, Detail: JSON.stringify(d) })),
      }),
    );
    if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
  }
}

export async function queueUrl(aws: Clients, name: string): Promise<string> {
  return (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

export async function queueCounts(aws: Clients, name: string): Promise<{ visible: number; inFlight: number }> {
  const attrs = (
    await aws.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: await queueUrl(aws, name),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    )
  ).Attributes!;
  return { visible: Number(attrs.ApproximateNumberOfMessages), inFlight: Number(attrs.ApproximateNumberOfMessagesNotVisible) };
}

/**
 * A failing consumer: receives without deleting (visibility 0) until the redrive policy moves every
 * message to the DLQ (moto moves it on the receive after maxReceiveCount, as AWS does).
 */
export async function failUntilDeadLettered(aws: Clients, queue: string, maxReceiveCount: number): Promise<void> {
  const url = await queueUrl(aws, queue);
  for (let round = 0; round <= maxReceiveCount + 1; round += 1) {
    for (let page = 0; page < 10; page += 1) {
      const out = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
      if (!out.Messages?.length) break;
    }
  }
}
