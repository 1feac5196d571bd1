import { describe, expect, it } from 'vitest';
import { executionName } from '../../../src/approval/plan.js';
import { acceptsOnlyEventctlReplays, buildEventPattern, excludesReplays, patternMatches, replayOptInLeaks } from '../../../src/ops/event-pattern.js';

const placed = { source: 'com.acme.orders', detailType: 'OrderPlaced' };
const cancelled = { source: 'com.acme.orders', detailType: 'OrderCancelled' };
const shipped = { source: 'com.acme.fulfilment', detailType: 'OrderShipped' };

describe('buildEventPattern', () => {
  it('one source: a flat pattern, optionally guarded against replays', () => {
    expect(buildEventPattern([placed, cancelled], { replays: 'exclude' })).toEqual({
      source: ['com.acme.orders'],
      'detail-type': ['OrderCancelled', 'OrderPlaced'],
      'replay-name': [{ exists: false }],
    });
  });

  it('the opt-in replay rule: the same topics, only replays named ectl-…', () => {
    expect(buildEventPattern([placed, cancelled], { replays: 'eventctl-only' })).toEqual({
      source: ['com.acme.orders'],
      'detail-type': ['OrderCancelled', 'OrderPlaced'],
      'replay-name': [{ prefix: 'ectl-' }],
    });
    const multi = buildEventPattern([placed, shipped], { replays: 'eventctl-only' });
    expect(acceptsOnlyEventctlReplays(multi)).toBe(true);
    expect(patternMatches(multi, { ...shipped, replayName: executionName({ planId: '5f0c4b1e-7d1a-4c2b-9a55-0d4c8f3e2a10' }) })).toBe(true);
    expect(patternMatches(multi, shipped)).toBe(false);
    expect(patternMatches(multi, { ...shipped, replayName: 'console-replay' })).toBe(false);
    expect(buildEventPattern([placed], { replays: 'accept' })).toEqual({ source: ['com.acme.orders'], 'detail-type': ['OrderPlaced'] });
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

describe('acceptsOnlyEventctlReplays', () => {
  it('holds for the opt-in clause at top level or on every $or branch', () => {
    expect(acceptsOnlyEventctlReplays({ source: ['a'], 'replay-name': [{ prefix: 'ectl-' }] })).toBe(true);
    expect(acceptsOnlyEventctlReplays({ 'replay-name': [{ prefix: 'ectl-5f0c' }] })).toBe(true);
    expect(acceptsOnlyEventctlReplays({ 'replay-name': ['ectl-5f0c4b1e-7d1a-4c2b-9a55-0d4c8f3e2a10'] })).toBe(true);
    expect(acceptsOnlyEventctlReplays({ 'replay-name': [{ wildcard: 'ectl-*' }] })).toBe(true);
    expect(acceptsOnlyEventctlReplays({ $or: [{ source: ['a'], 'replay-name': [{ prefix: 'ectl-' }] }, { source: ['b'], 'replay-name': [{ prefix: 'ectl-' }] }] })).toBe(true);
    expect(acceptsOnlyEventctlReplays({ $or: [{ source: ['a'] }, { source: ['b'] }], 'replay-name': [{ prefix: 'ectl-' }] })).toBe(true);
    // Two clauses ANDed: presence from one, the prefix from the other.
    expect(acceptsOnlyEventctlReplays({ $or: [{ 'replay-name': [{ exists: true }] }], 'replay-name': [{ prefix: 'ectl-' }, { exists: false }] })).toBe(true);
  });

  it.each<[string, unknown, { liveEvents: boolean; otherReplays: boolean }]>([
    ['no replay-name clause (the consumer rule without its guard)', { source: ['a'] }, { liveEvents: true, otherReplays: true }],
    ['the exclusion (the consumer rule itself)', { source: ['a'], 'replay-name': [{ exists: false }] }, { liveEvents: true, otherReplays: false }],
    ['any replay', { 'replay-name': [{ exists: true }] }, { liveEvents: false, otherReplays: true }],
    ['another prefix', { 'replay-name': [{ prefix: 'ect' }] }, { liveEvents: false, otherReplays: true }],
    ['case-insensitive prefix', { 'replay-name': [{ prefix: { 'equals-ignore-case': 'ectl-' } }] }, { liveEvents: false, otherReplays: true }],
    ['a wildcard that starts too early', { 'replay-name': [{ wildcard: 'ect*' }] }, { liveEvents: false, otherReplays: true }],
    ['anything-but', { 'replay-name': [{ 'anything-but': ['console'] }] }, { liveEvents: true, otherReplays: true }],
    ['the prefix or absent', { 'replay-name': [{ prefix: 'ectl-' }, { exists: false }] }, { liveEvents: true, otherReplays: false }],
    ['the prefix or a suffix', { 'replay-name': [{ prefix: 'ectl-' }, { suffix: '-x' }] }, { liveEvents: false, otherReplays: true }],
    ['an $or branch without the clause', { $or: [{ source: ['a'], 'replay-name': [{ prefix: 'ectl-' }] }, { source: ['b'] }] }, { liveEvents: true, otherReplays: true }],
    ['an empty filter list', { 'replay-name': [] }, { liveEvents: true, otherReplays: true }],
    ['not a pattern', undefined, { liveEvents: true, otherReplays: true }],
  ])('refuses %s', (_what, pattern, leaks) => {
    expect(acceptsOnlyEventctlReplays(pattern)).toBe(false);
    expect(replayOptInLeaks(pattern)).toEqual(leaks);
  });

  it("agrees with eventctl's replay names", () => {
    const name = executionName({ planId: '5f0c4b1e-7d1a-4c2b-9a55-0d4c8f3e2a10' });
    expect(patternMatches({ 'replay-name': [{ prefix: 'ectl-' }] }, { ...placed, replayName: name })).toBe(true);
    expect(name.startsWith('ectl-')).toBe(true);
  });
});
