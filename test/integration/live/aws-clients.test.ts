import { describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { createAwsClients, createAwsPorts, resolveAwsSettings, type ClientPlugin } from '../../../src/aws/index.js';
import { motoEnv } from '../../support/aws-test-clients.js';
import { resetMoto } from '../../support/moto-server.js';

const endpoint = workerMotoEndpoint();

/** Records the headers of every request as it leaves the client. */
function headerRecorder() {
  const seen: Array<{ service: string; headers: Record<string, string> }> = [];
  const plugin: ClientPlugin = (client, service) => {
    (client.middlewareStack as unknown as { add(mw: unknown, o: object): void }).add(
      (next: (a: unknown) => Promise<unknown>) => async (args: { request?: { headers?: Record<string, string> } }) => {
        seen.push({ service, headers: { ...(args.request?.headers ?? {}) } });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'headerRecorder', priority: 'low' },
    );
  };
  return { seen, plugin };
}

describe('eventctl AWS clients against moto', () => {
  it('CloudWatch speaks AWS JSON 1.0 explicitly; every client names eventctl in its user agent', async () => {
    await resetMoto(endpoint);
    const recorder = headerRecorder();
    const settings = resolveAwsSettings({ env: motoEnv(endpoint) }, '9.8.7');
    const clients = createAwsClients(settings, { plugins: [recorder.plugin], maxAttempts: 1 });
    const ports = createAwsPorts(clients);
    const series = await (await ports.cloudWatch()).getMetricData(
      [{ id: 'm0', namespace: 'AWS/SQS', metricName: 'NumberOfMessagesSent', dimensions: { QueueName: 'x' }, stat: 'Sum', periodSeconds: 60 }],
      { start: new Date(Date.now() - 600_000), end: new Date() },
    );
    expect(series.get('m0')).toEqual({ points: [], status: 'Complete' });
    await (await ports.sqs()).listQueueUrls();
    clients.destroy();

    const cw = recorder.seen.find((r) => r.service === 'cloudwatch')!;
    expect(cw.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(cw.headers['x-amz-target']).toBe('GraniteServiceVersion20100801.GetMetricData');
    for (const request of recorder.seen) expect(request.headers['user-agent']).toContain('eventctl/9.8.7');
    expect(recorder.seen.map((r) => r.service)).toEqual(['cloudwatch', 'sqs']);
  });

  it('builds each client once, on first use', async () => {
    const clients = createAwsClients(resolveAwsSettings({ env: motoEnv(endpoint) }), { maxAttempts: 1 });
    const [a, b] = await Promise.all([clients.sqs(), clients.sqs()]);
    expect(a).toBe(b);
    clients.destroy();
  });
});
