import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { createAwsClients, createAwsPorts, createCallCounter, resolveAwsSettings } from '../../../src/aws/index.js';
import { buildLagQueries, collectLag, type LagTarget } from '../../../src/ops/lag.js';
import { mapLimit } from '../../../src/ops/map-limit.js';
import { motoEnv, testClients } from '../../support/aws-test-clients.js';
import { resetMoto } from '../../support/moto-server.js';

const endpoint = workerMotoEndpoint();
const CONSUMERS = 200;

describe('lag for 200 consumers: bounded API calls', () => {
  const aws = testClients(endpoint);
  const targets: LagTarget[] = Array.from({ length: CONSUMERS }, (_, i) => ({
    consumer: `c${i}`,
    class: 'projection',
    queue: `scale-${String(i).padStart(3, '0')}`,
    dlq: `scale-${String(i).padStart(3, '0')}-dlq`,
  }));

  beforeAll(async () => {
    await resetMoto(endpoint);
    await mapLimit(targets.flatMap((t) => [t.queue, t.dlq!]), 8, (name) => aws.sqs.send(new CreateQueueCommand({ QueueName: name })));
  }, 120_000);
  afterAll(() => aws.destroy());

  it('one GetQueueAttributes per queue, ceil(queries / 500) GetMetricData, no GetQueueUrl', async () => {
    const counter = createCallCounter();
    const clients = createAwsClients(resolveAwsSettings({ env: motoEnv(endpoint) }), { plugins: [counter.plugin], maxAttempts: 1 });
    const ports = createAwsPorts(clients);
    const report = await collectLag({ sqs: await ports.sqs(), cloudWatch: await ports.cloudWatch() }, targets, { now: new Date() });
    clients.destroy();

    expect(report.consumers).toHaveLength(CONSUMERS);
    const queries = buildLagQueries(targets, 60, 600).queries.length;
    expect(queries).toBe(CONSUMERS * 8);
    expect(counter.calls).toEqual({
      'sqs:ListQueues': 1,
      'sqs:GetQueueAttributes': CONSUMERS * 2,
      'cloudwatch:GetMetricData': Math.ceil(queries / 500),
    });
  });
});
