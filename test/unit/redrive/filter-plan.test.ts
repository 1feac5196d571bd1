import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../src/approval/journal.js';
import { newPlan } from '../../../src/approval/plan.js';
import { matchesAll, parseFilter, resolvePointer } from '../../../src/ops/redrive/filter.js';
import { accountOfQueueUrl, checkRedrivePlan, journalForVerification, planFilters, redrivePlanInput } from '../../../src/ops/redrive/redrive-plan.js';

const event = (detailType: string, detail: Record<string, unknown>) => JSON.stringify({ 'detail-type': detailType, detail });

describe('--filter', () => {
  it('matches detail-type, ERROR_CODE and JSON pointers; all filters must match', () => {
    const m = { body: event('OrderPlaced', { orderId: 'o-1', total: { amount: 5 }, 'a/b': true }), messageAttributes: { ERROR_CODE: 'THROTTLING' } };
    expect(matchesAll(m, [parseFilter('detail-type=OrderPlaced')])).toBe(true);
    expect(matchesAll(m, [parseFilter('detail-type=OrderCancelled')])).toBe(false);
    expect(matchesAll(m, [parseFilter('error-code=THROTTLING')])).toBe(true);
    expect(matchesAll(m, [parseFilter('error-code=NO_PERMISSIONS')])).toBe(false);
    expect(matchesAll(m, [parseFilter('/detail/orderId=o-1')])).toBe(true);
    expect(matchesAll(m, [parseFilter('/detail/total/amount=5')])).toBe(true);
    expect(matchesAll(m, [parseFilter('/detail/total/amount=6')])).toBe(false);
    expect(matchesAll(m, [parseFilter('/detail/a~1b=true')])).toBe(true);
    expect(matchesAll(m, [parseFilter('/detail/missing=x')])).toBe(false);
    expect(matchesAll(m, [parseFilter('detail-type=OrderPlaced'), parseFilter('error-code=NO_PERMISSIONS')])).toBe(false);
    expect(matchesAll({ body: 'not json', messageAttributes: {} }, [parseFilter('detail-type=X')])).toBe(false);
    expect(matchesAll({ body: 'anything', messageAttributes: {} }, [])).toBe(true);
  });

  it('rejects what is not a filter', () => {
    for (const bad of ['OrderPlaced', '=x', 'source=x', 'detail/x=1', '/a~2=1']) expect(() => parseFilter(bad)).toThrow(/not a filter/);
  });

  it('resolves RFC 6901 pointers including array indexes', () => {
    expect(resolvePointer({ a: [{ b: 1 }] }, '/a/0/b')).toBe(1);
    expect(resolvePointer({ a: [1] }, '/a/01')).toBeUndefined();
    expect(resolvePointer({ a: 1 }, '/a/b')).toBeUndefined();
  });
});

describe('redrive plans', () => {
  const request = {
    consumer: { name: 'billing-charge', class: 'operational' as const },
    dlqUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/billing-charge-dlq',
    queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/billing-charge',
    requester: 'carol',
    account: '123456789012',
    region: 'eu-west-1',
    approximate: 120,
    filters: ['detail-type=OrderPlaced'],
  };
  const plan = () => newPlan(redrivePlanInput(request), { now: new Date('2026-11-29T10:00:00Z'), ttlMinutes: 60, policy: { version: 1, sha256: 'a'.repeat(64) } });

  it('is a valid shared plan of kind redrive whose digest binds the filter', () => {
    const p = plan();
    expect(p).toMatchObject({ kind: 'redrive', estimate: { events: 120, maxEvents: 120 }, targets: [{ consumer: 'billing-charge', dlqUrl: request.dlqUrl }] });
    expect(p.estimate.method).toMatch(/^sqs-dlq-depth;filter-sha256=[0-9a-f]{64}$/);
    expect(checkRedrivePlan(p)).toEqual([]);
    expect(planFilters(p, 'detail-type=OrderPlaced\n')).toEqual({ filters: ['detail-type=OrderPlaced'], problems: [] });
    expect(planFilters(p, 'detail-type=OrderCancelled\n').problems[0]).toMatch(/does not match/);
    expect(planFilters(p, undefined).problems[0]).toMatch(/missing/);
  });

  it('refuses a filter file beside a plan signed without one', () => {
    const p = newPlan(redrivePlanInput({ ...request, filters: [], maxMessages: 50 }), { now: new Date(), ttlMinutes: 60, policy: { version: 1, sha256: 'a'.repeat(64) } });
    expect(p.estimate).toEqual({ events: 50, maxEvents: 50, method: 'sqs-dlq-depth' });
    expect(planFilters(p, 'detail-type=X').problems[0]).toMatch(/has no filter/);
    expect(planFilters(p, undefined)).toEqual({ filters: [], problems: [] });
  });

  it('lets only an unfinished run of the same plan through the one-time-use check', () => {
    const entry = (planId: string, state: JournalEntry['state']): JournalEntry => ({ v: 1, planId, planDigest: planId, kind: 'redrive', executionName: `ectl-${planId}`, policyVersion: 1, policySha256: 'a', state, at: 'x' });
    const entries = [entry('p1', 'started'), entry('p2', 'started')];
    expect(journalForVerification(entries, 'p1', false)).toHaveLength(2);
    expect(journalForVerification(entries, 'p1', true).map((e) => e.planId)).toEqual(['p2']);
    expect(journalForVerification([entry('p1', 'started'), entry('p1', 'completed')], 'p1', true).map((e) => e.state)).toEqual(['completed']);
  });

  it('reads the account from a queue URL', () => {
    expect(accountOfQueueUrl(request.dlqUrl)).toBe('123456789012');
    expect(accountOfQueueUrl('http://127.0.0.1:5000/123456789012/q')).toBe('123456789012');
    expect(accountOfQueueUrl('http://x/q')).toBeUndefined();
  });
});
