import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderLagOpenMetrics } from '../../../src/ops/lag-openmetrics.js';
import { retentionWarning } from '../../../src/ops/lag-status.js';
import type { ConsumerLag, LagReport } from '../../../src/ops/lag.js';
import { parseExposition, type ParsedFamily } from '../../support/exposition-parser.js';

function consumer(overrides: Partial<ConsumerLag>): ConsumerLag {
  return {
    consumer: 'billing-charge',
    class: 'operational',
    kind: 'sqs',
    target: 'billing-charge',
    queue: 'billing-charge',
    dlq: 'billing-charge-dlq',
    status: 'OK',
    reasons: [],
    sloBreaches: [],
    visible: 12,
    inFlight: 3,
    delayed: 0,
    ageOfOldestSeconds: 42,
    sent: 10,
    received: 10,
    deleted: 9,
    dlqDepth: 2,
    dlqInflow: 1,
    retentionSeconds: 345600,
    dlqRetentionSeconds: 1209600,
    dlqAgeOfOldestSeconds: 1100000,
    retentionWarnings: [],
    drainEtaSeconds: 120,
    newestDatapointAgeSeconds: 60,
    slo: { maxAgeSeconds: 300, maxDepth: 10000 },
    ...overrides,
  };
}

const report: LagReport = {
  schemaVersion: 1,
  generatedAt: '2026-03-01T12:00:00.000Z',
  window: { start: '2026-03-01T11:50:00.000Z', end: '2026-03-01T12:00:00.000Z', periodSeconds: 60 },
  queuesChecked: 3,
  missingQueues: ['gone'],
  consumers: [
    consumer({ status: 'ERR', sloBreaches: ['oldest message 400s > maxAgeSeconds 300'], retentionWarnings: ['DLQ billing-charge-dlq: …'] }),
    // A name no manifest would allow, to prove label escaping: quote, backslash, line feed.
    consumer({ consumer: 'odd "name"\\with\nbreak', class: 'projection', queue: 'odd', dlq: null, status: 'STALL', slo: null, drainEtaSeconds: null }),
    // A queue that does not exist: nothing measured, so no value is invented.
    consumer({ consumer: 'gone', queue: 'gone', dlq: null, status: 'ERR', visible: null, inFlight: null, delayed: null, ageOfOldestSeconds: null, dlqDepth: null, retentionSeconds: null, slo: null }),
  ],
  sloBreached: true,
};

const byName = (families: ParsedFamily[]) => new Map(families.map((f) => [f.name, f]));
const value = (f: ParsedFamily | undefined, consumerName: string, extra: Record<string, string> = {}) =>
  f?.samples.find((s) => s.labels.consumer === consumerName && Object.entries(extra).every(([k, v]) => s.labels[k] === v))?.value;

describe('lag --format openmetrics', () => {
  const text = renderLagOpenMetrics(report);
  const parsed = parseExposition(text);

  it('passes the OpenMetrics and the classic Prometheus text parsers, with HELP and TYPE for every family', () => {
    for (const families of [parsed.openmetrics, parsed.classic]) {
      expect(families.length).toBeGreaterThan(10);
      for (const f of families) {
        expect(f.type).toBe('gauge');
        expect(f.help.length).toBeGreaterThan(10);
      }
    }
    expect(text.endsWith('# EOF')).toBe(true);
    expect(parsed.classic.map((f) => f.name)).toEqual(parsed.openmetrics.map((f) => f.name));
  });

  it('carries depth, oldest age, DLQ depth, status as a gauge and the SLO breach per consumer', () => {
    const f = byName(parsed.openmetrics);
    expect(value(f.get('eventctl_lag_queue_visible_messages'), 'billing-charge')).toBe(12);
    expect(value(f.get('eventctl_lag_oldest_message_age_seconds'), 'billing-charge')).toBe(42);
    expect(value(f.get('eventctl_lag_dlq_visible_messages'), 'billing-charge', { dlq: 'billing-charge-dlq' })).toBe(2);
    expect(value(f.get('eventctl_lag_status'), 'billing-charge', { status: 'ERR' })).toBe(1);
    expect(value(f.get('eventctl_lag_status'), 'billing-charge', { status: 'OK' })).toBe(0);
    expect(value(f.get('eventctl_lag_slo_breached'), 'billing-charge')).toBe(1);
    expect(value(f.get('eventctl_lag_retention_at_risk'), 'billing-charge')).toBe(1);
    expect(value(f.get('eventctl_lag_slo_max_age_seconds'), 'billing-charge')).toBe(300);
    expect(f.get('eventctl_lag_generated_timestamp_seconds')?.samples[0]?.value).toBe(Date.parse('2026-03-01T12:00:00Z') / 1000);
  });

  it('escapes label values so the parser gets the exact name back', () => {
    const f = byName(parsed.openmetrics);
    expect(value(f.get('eventctl_lag_status'), 'odd "name"\\with\nbreak', { status: 'STALL' })).toBe(1);
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it('leaves out what could not be measured instead of writing 0', () => {
    const f = byName(parsed.openmetrics);
    expect(value(f.get('eventctl_lag_queue_visible_messages'), 'gone')).toBeUndefined();
    expect(value(f.get('eventctl_lag_status'), 'gone', { status: 'ERR' })).toBe(1);
    expect(value(f.get('eventctl_lag_drain_eta_seconds'), 'odd "name"\\with\nbreak')).toBeUndefined();
  });

  it('labels account and region when lag --env measured several accounts', () => {
    const placed = renderLagOpenMetrics({ generatedAt: report.generatedAt, consumers: [{ ...consumer({}), account: 'payments', region: 'eu-west-1' }] });
    const status = parseExposition(placed).openmetrics.find((f) => f.name === 'eventctl_lag_status')!;
    expect(status.samples.find((x) => x.value === 1)?.labels).toEqual({ consumer: 'billing-charge', class: 'operational', kind: 'sqs', queue: 'billing-charge', account: 'payments', region: 'eu-west-1', status: 'OK' });
  });

  it('the parser is real: it rejects a sample with an unescaped quote', () => {
    expect(() => parseExposition('# TYPE x gauge\nx{a="b"c"} 1\n# EOF')).toThrow(/rejected/);
  });
});

describe('retention warning', () => {
  it('warns from 80% of MessageRetentionPeriod and says how long is left', () => {
    expect(retentionWarning('q', 'queue', 100, 345600)).toEqual([]);
    expect(retentionWarning('q', 'queue', 276480, 345600)).toEqual([
      'queue q: oldest message is 80% through its 4d0h retention; messages are deleted unprocessed in 19h12m',
    ]);
    expect(retentionWarning('d', 'DLQ', 400, 300)[0]).toMatch(/DLQ d: .*100%.*being deleted unprocessed/);
    expect(retentionWarning('q', 'queue', undefined, 300)).toEqual([]);
  });
});
