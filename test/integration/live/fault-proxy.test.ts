import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { createCallCounter } from '../../../src/aws/call-counter.js';
import { toRemoteError } from '../../../src/aws/errors.js';
import { runLag } from '../../../src/live/lag-run.js';
import type { LagReport } from '../../../src/ops/lag.js';
import { TEST_CREDENTIALS, TEST_REGION, testClients } from '../../support/aws-test-clients.js';
import { startFaultProxy, seededRandom, type FaultProxy } from '../../support/fault-proxy.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

function sqsVia(proxy: FaultProxy, maxAttempts: number): SQSClient {
  return new SQSClient({ endpoint: proxy.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts, retryMode: 'standard' });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; $metadata?: { httpStatusCode?: number; attempts?: number } } & Error> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a failure');
}

describe('fault proxy in front of moto', () => {
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    await freshSandbox(endpoint);
    await testClients(endpoint).sqs.send(new CreateQueueCommand({ QueueName: 'probe' }));
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('is reproducible from its seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('passes requests through untouched at rate 0', async () => {
    proxy = await startFaultProxy({ target: endpoint });
    const sqs = sqsVia(proxy, 1);
    const out = await sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' }));
    expect(out.QueueUrl).toMatch(/\/probe$/);
    expect(proxy.stats).toMatchObject({ forwarded: 1, throttle: 0 });
    expect(proxy.operations).toEqual(['GetQueueUrl']);
    sqs.destroy();
  });

  it('throttles with an AWS JSON error the SDK retries, then eventctl names it', async () => {
    proxy = await startFaultProxy({ target: endpoint, rates: { throttle: 1 } });
    const sqs = sqsVia(proxy, 3);
    const error = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' })));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
    expect(proxy.stats.throttle).toBe(3);
    expect(toRemoteError(error, { service: 'sqs', operation: 'GetQueueUrl', resource: 'queue probe' }).message).toBe(
      'throttled by AWS on GetQueueUrl (queue probe) after 3 attempts',
    );
    sqs.destroy();
  });

  it('answers 503 and 500 with JSON bodies, and drops connections', async () => {
    proxy = await startFaultProxy({ target: endpoint, rates: { throttle: 1 }, throttleStatus: 503 });
    const sqs = sqsVia(proxy, 1);
    expect(await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' })))).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    proxy.setRates({ serverError: 1 });
    expect(await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' })))).toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    proxy.setRates({ drop: 1 });
    const dropped = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' })));
    expect(toRemoteError(dropped, { service: 'sqs', operation: 'GetQueueUrl', endpoint: proxy.endpoint }).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+ for GetQueueUrl: (ECONNRESET|EPIPE)$/);
    proxy.setRates({ delay: 1 });
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' }))).QueueUrl).toMatch(/probe$/);
    expect(proxy.stats).toMatchObject({ throttle: 1, serverError: 1, drop: 1, delay: 1, forwarded: 1 });
    sqs.destroy();
  });

  it('only faults the operations it is told to', async () => {
    proxy = await startFaultProxy({ target: endpoint, rates: { throttle: 1 }, applies: (op) => op === 'GetMetricData' });
    const aws = testClients(proxy.endpoint);
    await aws.sqs.send(new GetQueueUrlCommand({ QueueName: 'probe' }));
    const error = await failure(aws.cloudWatch.send(new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date() })));
    expect(error.name).toBe('ThrottlingException');
    aws.destroy();
  });

  it('eventctl lag rides out 25% throttling with adaptive retries', async () => {
    // GetCallerIdentity (where the command looked) runs on a client without the counting plugin,
    // so it is left unthrottled: every throttle below is one the counter can see.
    proxy = await startFaultProxy({ target: endpoint, rates: { throttle: 0.25 }, seed: 42, applies: (operation) => operation !== 'GetCallerIdentity' });
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint: proxy.endpoint, format: 'json' });
    const counter = createCallCounter();
    expect(await runLag(run.ctx, ['billing-charge', 'refund-processor'], {}, { plugins: [counter.plugin], maxAttempts: 5 })).toBe(0);
    const report = JSON.parse(run.stdout()) as LagReport;
    expect(report.consumers).toHaveLength(2);
    expect(proxy.stats.throttle).toBeGreaterThan(0);
    const calls = Object.values(counter.calls).reduce((a, b) => a + b, 0);
    const attempts = Object.values(counter.attempts).reduce((a, b) => a + b, 0);
    expect(attempts).toBe(calls + proxy.stats.throttle);
  });
});

