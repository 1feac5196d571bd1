import { describe, expect, it } from 'vitest';
import { toRemoteError } from '../../../src/aws/errors.js';
import { RemoteError } from '../../../src/errors.js';
import { resolveConsumerQueues } from '../../../src/live/gate-resolve.js';

/** The redrive gate resolves queues by name; what AWS did not answer is no reason to refuse. */
describe('redrive gate, resolving queues', () => {
  it('an endpoint that gave no answer stops the run with that remote error (exit 4), asking no further queue', async () => {
    const unreachable = new RemoteError('cannot reach http://127.0.0.1:1 for GetQueueUrl (queue orders-read-model-dlq): ECONNREFUSED', { unanswered: true });
    const asked: string[] = [];
    const reader = { getQueueUrl: async (name: string) => { asked.push(name); throw unreachable; } };
    await expect(resolveConsumerQueues(reader, { dlq: 'orders-read-model-dlq', queue: 'orders-read-model' }, 'us-east-1')).rejects.toBe(unreachable);
    expect(asked).toEqual(['orders-read-model-dlq']);
  });

  it('a queue AWS says does not exist is a reason to refuse, and the other queue is still resolved', async () => {
    const reader = {
      getQueueUrl: async (name: string) => {
        if (name === 'orders-read-model-dlq') throw new RemoteError('queue orders-read-model-dlq does not exist (GetQueueUrl)');
        return `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`;
      },
    };
    const resolved = await resolveConsumerQueues(reader, { dlq: 'orders-read-model-dlq', queue: 'orders-read-model' }, 'us-east-1');
    expect(resolved.unresolved).toEqual(['queue orders-read-model-dlq could not be resolved: queue orders-read-model-dlq does not exist (GetQueueUrl)']);
    expect(resolved.queueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/orders-read-model');
  });

  it('toRemoteError marks what AWS did not answer (unreachable, throttled, 5xx), not what it refused or denied', () => {
    const site = { service: 'sqs', operation: 'GetQueueUrl', resource: 'queue q', endpoint: 'http://127.0.0.1:1' } as const;
    const unanswered = (error: unknown) => (toRemoteError(error, site) as RemoteError).unanswered;
    expect(unanswered(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(unanswered({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400, attempts: 5 } })).toBe(true);
    expect(unanswered({ name: 'InternalFailure', $metadata: { httpStatusCode: 500, attempts: 5 } })).toBe(true);
    expect(unanswered({ name: 'QueueDoesNotExist', message: 'The specified queue does not exist.', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(unanswered({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
  });
});
