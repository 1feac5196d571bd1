import { describe, expect, it } from 'vitest';
import { classifyLag, drainEta, type LagObservation } from '../../../src/ops/lag-status.js';
import { buildLagQueries, commonPrefix, dlqInflow } from '../../../src/ops/lag.js';

const base: LagObservation = {
  visible: 10,
  inFlight: 0,
  delayed: 0,
  backlogSeries: [10, 10, 10],
  sent: 0,
  received: 5,
  deleted: 5,
  dlqInflow: 0,
  windowSeconds: 600,
  newestDatapointAgeSeconds: 60,
};

describe('classifyLag (Burrow-style rules)', () => {
  it.each<[string, Partial<LagObservation>, string]>([
    ['DLQ inflow → ERR', { dlqInflow: 2 }, 'ERR'],
    ['SLO age breach → ERR', { ageOfOldestSeconds: 301, slo: { maxAgeSeconds: 300 } }, 'ERR'],
    ['SLO depth breach → ERR', { visible: 11, slo: { maxDepth: 10 } }, 'ERR'],
    ['empty backlog → OK', { visible: 0, received: 0 }, 'OK'],
    ['backlog reached zero in window → OK', { backlogSeries: [3, 0, 4], received: 0 }, 'OK'],
    ['no receives with a backlog → STOP', { received: 0, deleted: 0 }, 'STOP'],
    ['receiving but not deleting → STALL', { received: 9, deleted: 0 }, 'STALL'],
    ['deleting but backlog never falls → WARN', { backlogSeries: [5, 7, 9] }, 'WARN'],
    ['draining → OK', { backlogSeries: [20, 15, 10] }, 'OK'],
    ['no receive metrics → WARN', { received: undefined, deleted: undefined }, 'WARN'],
  ])('%s', (_name, patch, status) => {
    expect(classifyLag({ ...base, ...patch }).status).toBe(status);
  });

  it('an SLO at exactly its limit is not a breach', () => {
    expect(classifyLag({ ...base, ageOfOldestSeconds: 300, slo: { maxAgeSeconds: 300, maxDepth: 10 } }).sloBreaches).toEqual([]);
  });

  it('flags stale metrics in the reasons', () => {
    expect(classifyLag({ ...base, newestDatapointAgeSeconds: 1200 }).reasons.join(' ')).toMatch(/stale: newest datapoint 1200s old/);
  });

  it('computes a drain ETA from the net delete rate', () => {
    expect(drainEta({ visible: 100, sent: 60, deleted: 120, windowSeconds: 60 })).toBe(100);
    expect(drainEta({ visible: 100, sent: 120, deleted: 60, windowSeconds: 60 })).toBeNull();
    expect(drainEta({ visible: 0, sent: 0, deleted: 0, windowSeconds: 60 })).toBe(0);
  });
});

describe('lag helpers', () => {
  it('builds deduplicated queries: 5 per queue, 3 per DLQ; window-long periods where a total or extreme is enough', () => {
    const { queries, ids } = buildLagQueries(
      [
        { consumer: 'a', class: 'projection', queue: 'qa', dlq: 'shared-dlq' },
        { consumer: 'b', class: 'projection', queue: 'qb', dlq: 'shared-dlq' },
      ],
      60,
      900,
    );
    expect(queries).toHaveLength(13);
    expect(queries.filter((q) => q.stat !== 'Maximum').every((q) => q.periodSeconds === 900)).toBe(true);
    expect(queries.filter((q) => q.stat === 'Maximum' && q.dimensions.QueueName !== 'shared-dlq').every((q) => q.periodSeconds === 60)).toBe(true);
    expect(queries.filter((q) => q.dimensions.QueueName === 'shared-dlq').map((q) => [q.metricName, q.stat])).toEqual([
      ['NumberOfMessagesSent', 'Sum'],
      ['ApproximateNumberOfMessagesVisible', 'Minimum'],
      ['ApproximateAgeOfOldestMessage', 'Maximum'],
    ]);
    expect(ids.size).toBe(3);
    expect(new Set(queries.map((q) => q.id)).size).toBe(13);
    for (const q of queries) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  });

  it('finds the common prefix of queue names', () => {
    expect(commonPrefix(['acme-orders-a', 'acme-orders-b', 'acme-pay'])).toBe('acme-');
    expect(commonPrefix(['x', 'y'])).toBe('');
  });

  it('counts DLQ inflow as growth since the lowest depth in the window, or sends', () => {
    expect(dlqInflow(0, 4, 0)).toBe(4);
    expect(dlqInflow(5, 3, undefined)).toBe(0);
    expect(dlqInflow(undefined, 3, undefined)).toBe(0);
    expect(dlqInflow(1, 1, 4)).toBe(4);
  });
});
