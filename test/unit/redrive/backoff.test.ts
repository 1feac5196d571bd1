import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../../src/errors.js';
import { isRetriable, retriedBySdk, withBackoff } from '../../../src/ops/redrive/backoff.js';

const sdkError = (attempts: number) => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', $metadata: { attempts } });

describe('one retry policy for whole calls: the SDK\'s', () => {
  it('a call the SDK already retried is not retried again (no stacked delays)', async () => {
    const wrapped = new RemoteError('cannot reach', { cause: sdkError(5) });
    expect(retriedBySdk(wrapped)).toBe(true);
    expect(isRetriable(wrapped)).toBe(false);
    let calls = 0;
    await expect(withBackoff(async () => { calls += 1; throw wrapped; }, { attempts: 8, baseMs: 1, maxMs: 1, sleep: async () => {} })).rejects.toBe(wrapped);
    expect(calls).toBe(1);
  });
  it('with one SDK attempt (AWS_MAX_ATTEMPTS=1) or an error the SDK never saw, the loop retries', async () => {
    expect(isRetriable(new RemoteError('throttled', { cause: sdkError(1) }))).toBe(true);
    expect(isRetriable(new Error('entry failed'))).toBe(true);
    let calls = 0;
    const value = await withBackoff(async () => { calls += 1; if (calls < 3) throw new RemoteError('x', { cause: sdkError(1) }); return 'ok'; }, { attempts: 8, baseMs: 1, maxMs: 1, sleep: async () => {} });
    expect({ value, calls }).toEqual({ value: 'ok', calls: 3 });
  });
});
