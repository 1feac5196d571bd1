import { describe, expect, it } from 'vitest';
import { buildEventPattern, excludesReplays, patternMatches } from '../../../src/ops/event-pattern.js';

const placed = { source: 'com.acme.orders', detailType: 'OrderPlaced' };
const cancelled = { source: 'com.acme.orders', detailType: 'OrderCancelled' };
const shipped = { source: 'com.acme.fulfilment', detailType: 'OrderShipped' };

describe('buildEventPattern', () => {
  it('one source: a flat pattern, optionally guarded against replays', () => {
    expect(buildEventPattern([placed, cancelled], { excludeReplays: true })).toEqual({
      source: ['com.acme.orders'],
      'detail-type': ['OrderCancelled', 'OrderPlaced'],
      'replay-name': [{ exists: false }],
    });
  });

  it('several sources: $or per source, so no cross product leaks in', () => {
    const pattern = buildEventPattern([placed, shipped]);
    expect(pattern).toEqual({
      $or: [
        { source: ['com.acme.fulfilment'], 'detail-type': ['OrderShipped'] },
        { source: ['com.acme.orders'], 'detail-type': ['OrderPlaced'] },
      ],
    });
    expect(patternMatches(pattern, { source: 'com.acme.fulfilment', detailType: 'OrderPlaced' })).toBe(false);
    expect(patternMatches(pattern, shipped)).toBe(true);
  });
});

describe('patternMatches', () => {
  it.each<[unknown, boolean | 'unknown']>([
    [{ source: ['com.acme.orders'] }, true],
    [{ source: [{ prefix: 'com.acme' }], 'detail-type': [{ 'anything-but': ['OrderCancelled'] }] }, true],
    [{ source: [{ suffix: '.payments' }] }, false],
    [{ 'detail-type': [{ 'equals-ignore-case': 'orderplaced' }] }, true],
    [{ 'detail-type': [{ wildcard: 'Order*' }] }, true],
    [{ source: [{ numeric: ['>', 1] }] }, 'unknown'],
    [{ source: ['com.acme.orders'], detail: { amount: [{ numeric: ['>', 10] }] } }, true],
    [{ 'replay-name': [{ exists: true }] }, false],
  ])('%j → %s', (pattern, verdict) => {
    expect(patternMatches(pattern, placed)).toBe(verdict);
  });
});

describe('excludesReplays', () => {
  it('needs the guard on every path', () => {
    expect(excludesReplays({ source: ['a'], 'replay-name': [{ exists: false }] })).toBe(true);
    expect(excludesReplays({ source: ['a'] })).toBe(false);
    expect(excludesReplays({ $or: [{ source: ['a'], 'replay-name': [{ exists: false }] }, { source: ['b'] }] })).toBe(false);
    expect(excludesReplays({ $or: [{ source: ['a'] }], 'replay-name': [{ exists: false }] })).toBe(true);
  });
});
