import { describe, expect, it } from 'vitest';
import { parsePlanBytes, encodePlan } from '../../../src/approval/plan.js';
import { UsageError } from '../../../src/errors.js';
import { loadManifest } from '../../../src/manifest/load.js';
import { parseArn, ruleNameOfArn } from '../../../src/ops/replay/arn.js';
import { buildReplayPlan, effectiveClass, strictestClass } from '../../../src/ops/replay/build-plan.js';
import { chooseCap, estimatePeriodSeconds, estimateQueries, metricWindow, summarizeEstimate } from '../../../src/ops/replay/estimate.js';
import { ruleDigest } from '../../../src/ops/replay/rule-digest.js';
import { estimateRuleOf, resolveReplayScope } from '../../../src/ops/replay/targets.js';
import { replayRuleName } from '../../../src/ops/replay-rule.js';
import { minutesUntilReplayable, parseWindow } from '../../../src/ops/replay/window.js';

const manifest = loadManifest('fixtures/platform/eventctl.yaml').manifest;
const NOW = new Date('2026-11-29T10:00:00Z');
const WINDOW = { start: '2026-11-28T08:00:00Z', end: '2026-11-28T09:30:00Z' };

describe('resolveReplayScope', () => {
  it('maps named consumers to their rules on one bus, with the archive and manifest class; operational ones to their opt-in replay rule', () => {
    expect(resolveReplayScope(manifest, ['billing-charge', 'orders-read-model', 'fulfilment-starter'])).toEqual({
      bus: 'orders',
      archive: 'orders-archive',
      targets: [
        { consumer: 'billing-charge', class: 'operational', rule: 'billing-charge-replay', consumerRule: 'billing-charge' },
        { consumer: 'orders-read-model', class: 'projection', rule: 'orders-read-model', consumerRule: 'orders-read-model' },
        { consumer: 'fulfilment-starter', class: 'workflow', rule: 'fulfilment-starter', consumerRule: 'fulfilment-starter' },
      ],
    });
  });
  it('uses `replayRule:` when the manifest names one', () => {
    const custom = { ...manifest, consumers: manifest.consumers.map((c) => (c.name === 'billing-charge' ? { ...c, replayRule: 'billing-approved-replays' } : c)) };
    expect(resolveReplayScope(custom, ['billing-charge']).targets).toEqual([
      { consumer: 'billing-charge', class: 'operational', rule: 'billing-approved-replays', consumerRule: 'billing-charge' },
    ]);
  });
  it('never defaults to all rules', () => {
    expect(() => resolveReplayScope(manifest, [])).toThrow(/at least one consumer/);
  });
  it('names unknown consumers and refuses duplicates', () => {
    expect(() => resolveReplayScope(manifest, ['nope', 'billing-charge'])).toThrow(/unknown consumer: nope/);
    expect(() => resolveReplayScope(manifest, ['billing-charge', 'billing-charge'])).toThrow(/named twice/);
  });
  it('refuses consumers on different buses (a replay goes back to one bus)', () => {
    expect(() => resolveReplayScope(manifest, ['billing-charge', 'refund-processor'])).toThrow(UsageError);
    expect(() => resolveReplayScope(manifest, ['billing-charge', 'refund-processor'])).toThrow(/different buses/);
  });
  it('refuses a --bus the consumer does not subscribe on', () => {
    expect(() => resolveReplayScope(manifest, ['billing-charge'], { bus: 'payments' })).toThrow(/billing-charge subscribes to no topic on bus payments/);
  });
});

describe('replay rules', () => {
  it('exist for operational consumers only', () => {
    expect(replayRuleName({ class: 'operational', rule: 'r' })).toBe('r-replay');
    expect(replayRuleName({ class: 'operational', rule: 'r', replayRule: 'mine' })).toBe('mine');
    expect(replayRuleName({ class: 'operational' })).toBeUndefined();
    expect(replayRuleName({ class: 'projection', rule: 'r', replayRule: 'mine' })).toBeUndefined();
    expect(replayRuleName({ class: 'workflow', rule: 'r' })).toBeUndefined();
  });
  it("estimate from the consumer's own rule when the plan names its replay rule", () => {
    const arn = (name: string) => `arn:aws:events:us-east-1:123456789012:rule/orders/${name}`;
    expect(estimateRuleOf(manifest, { consumer: 'billing-charge', ruleArn: arn('billing-charge-replay') })).toEqual({ busName: 'orders', name: 'billing-charge' });
    expect(estimateRuleOf(manifest, { consumer: 'orders-read-model', ruleArn: arn('orders-read-model') })).toEqual({ busName: 'orders', name: 'orders-read-model' });
    // A plan made before replay rules (the consumer rule itself) or for a consumer gone from the manifest: the planned rule.
    expect(estimateRuleOf(manifest, { consumer: 'billing-charge', ruleArn: arn('billing-charge') })).toEqual({ busName: 'orders', name: 'billing-charge' });
    expect(estimateRuleOf(manifest, { consumer: 'gone', ruleArn: arn('gone-replay') })).toEqual({ busName: 'orders', name: 'gone-replay' });
  });
});

describe('ruleDigest', () => {
  const rule = { arn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/x', eventPattern: { source: ['a'] }, state: 'ENABLED', targets: [{ Id: 'b', Arn: 'q2' }, { Id: 'a', Arn: 'q1' }] };
  it('is stable under target order and key order', () => {
    expect(ruleDigest(rule)).toBe(ruleDigest({ ...rule, targets: [{ Arn: 'q1', Id: 'a' }, { Id: 'b', Arn: 'q2' }] }));
  });
  it.each([
    ['pattern', { eventPattern: { source: ['b'] } }],
    ['state', { state: 'DISABLED' }],
    ['a target', { targets: [{ Id: 'a', Arn: 'q1' }, { Id: 'b', Arn: 'q3' }] }],
    ['a target input transformer', { targets: [{ Id: 'a', Arn: 'q1', InputPath: '$.detail' }, { Id: 'b', Arn: 'q2' }] }],
    ['a new target', { targets: [...rule.targets, { Id: 'c', Arn: 'q4' }] }],
  ])('changes when the %s changes', (_what, change) => {
    expect(ruleDigest({ ...rule, ...change })).not.toBe(ruleDigest(rule));
  });
});

describe('window', () => {
  it('parses zoned ISO times to whole-second UTC instants', () => {
    expect(parseWindow('2026-11-28T09:00:00+01:00', '2026-11-28T09:30Z')).toEqual({ start: '2026-11-28T08:00:00Z', end: '2026-11-28T09:30:00Z' });
  });
  it.each([
    [undefined, '2026-11-28T09:30:00Z', /--from is required/],
    ['2026-11-28T08:00:00', '2026-11-28T09:30:00Z', /with a zone/],
    ['2026-11-28T08:00:00.5Z', '2026-11-28T09:30:00Z', /fractions of a second/],
    ['2026-11-28T09:30:00Z', '2026-11-28T08:00:00Z', /must be after/],
  ])('refuses %s → %s', (from, to, message) => {
    expect(() => parseWindow(from, to)).toThrow(message);
  });
  it('tells how long until a window is old enough (10 minutes after its end)', () => {
    expect(minutesUntilReplayable({ start: '2026-11-29T09:00:00Z', end: '2026-11-29T09:55:00Z' }, NOW)).toBe(5);
    expect(minutesUntilReplayable({ start: '2026-11-29T09:00:00Z', end: '2026-11-29T09:50:00Z' }, NOW)).toBe(0);
  });
});

describe('estimate', () => {
  it('picks the finest period CloudWatch still keeps for the window', () => {
    expect(estimatePeriodSeconds(WINDOW, NOW)).toBe(60);
    expect(estimatePeriodSeconds({ start: '2026-10-01T00:00:00Z', end: '2026-10-01T01:00:00Z' }, NOW)).toBe(300);
    expect(estimatePeriodSeconds({ start: '2026-06-01T00:00:00Z', end: '2026-06-01T01:00:00Z' }, NOW)).toBe(3600);
  });
  it('widens the metric window to whole periods', () => {
    expect(metricWindow({ start: '2026-11-28T08:03:00Z', end: '2026-11-28T08:07:00Z' }, 300)).toEqual({ start: new Date('2026-11-28T08:00:00Z'), end: new Date('2026-11-28T08:10:00Z') });
  });
  it('queries MatchedEvents per rule with the bus dimension on custom buses', () => {
    const q = estimateQueries([{ consumer: 'a', ruleName: 'ra', busName: 'orders' }, { consumer: 'b', ruleName: 'rb', busName: 'default' }], 60);
    expect(q).toEqual([
      { id: 'r0', namespace: 'AWS/Events', metricName: 'MatchedEvents', dimensions: { EventBusName: 'orders', RuleName: 'ra' }, stat: 'Sum', periodSeconds: 60 },
      { id: 'r1', namespace: 'AWS/Events', metricName: 'MatchedEvents', dimensions: { RuleName: 'rb' }, stat: 'Sum', periodSeconds: 60 },
    ]);
  });
  it('sums each rule inside the window only and says when there was no data at all', () => {
    const rules = [{ consumer: 'a', ruleName: 'ra', busName: 'orders' }, { consumer: 'b', ruleName: 'rb', busName: 'orders' }];
    const span = { start: new Date('2026-11-28T08:00:00Z'), end: new Date('2026-11-28T09:30:00Z') };
    const series = new Map([
      ['r0', { points: [{ timestamp: new Date('2026-11-28T08:01:00Z'), value: 3 }, { timestamp: new Date('2026-11-28T09:30:00Z'), value: 50 }] }],
      ['r1', { points: [{ timestamp: new Date('2026-11-28T09:29:00Z'), value: 4 }] }],
    ]);
    const e = summarizeEstimate(rules, series, span, 60);
    expect(e).toMatchObject({ events: 7, noData: false, method: 'cloudwatch-matched-events-v1', perRule: [{ consumer: 'a', events: 3, datapoints: 1 }, { consumer: 'b', events: 4, datapoints: 1 }] });
    expect(summarizeEstimate(rules, new Map(), span, 60)).toMatchObject({ events: 0, noData: true });
  });
  it('caps with headroom within the policy limit, and refuses what could never run', () => {
    expect(chooseCap(0, {})).toBe(100);
    expect(chooseCap(1000, {})).toBe(1250);
    expect(chooseCap(1000, { policyLimit: 1100 })).toBe(1100);
    expect(chooseCap(10, { requested: 20 })).toBe(20);
    expect(() => chooseCap(10, { requested: 5 })).toThrow(/below the estimate/);
    expect(() => chooseCap(10, { requested: 500, policyLimit: 100 })).toThrow(/over the approval policy's limit/);
    expect(() => chooseCap(200, { policyLimit: 100 })).toThrow(/estimate \(200 events\) is over/);
  });
});

describe('buildReplayPlan', () => {
  const facts = {
    requester: 'carol',
    reason: 'INC-1',
    busArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders',
    archiveArn: 'arn:aws:events:eu-west-1:123456789012:archive/orders-archive',
    window: WINDOW,
    targets: [{ consumer: 'billing-charge', class: 'operational' as const, ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/billing-charge', ruleSha256: 'a'.repeat(64) }],
    estimate: { events: 7, maxEvents: 107, method: 'cloudwatch-matched-events-v1' },
    policy: { version: 3, sha256: 'b'.repeat(64) },
  };
  it('builds a valid plan with account and region from the bus ARN, a fresh id and expiry', () => {
    const plan = buildReplayPlan(facts, { now: NOW, ttlMinutes: 60, planId: '5b0e8c2a-3f1d-4c7e-9a41-2d6f0b7c9e13' });
    expect(plan).toMatchObject({ kind: 'replay', aws: { account: '123456789012', region: 'eu-west-1' }, createdAt: '2026-11-29T10:00:00Z', expiresAt: '2026-11-29T11:00:00Z', window: WINDOW, policy: facts.policy });
    expect(parsePlanBytes(encodePlan(plan)).plan).toEqual(plan);
    const again = buildReplayPlan(facts, { now: NOW, ttlMinutes: 60 });
    expect(again.planId).not.toBe(buildReplayPlan(facts, { now: NOW, ttlMinutes: 60 }).planId);
  });
  it('refuses an empty target list', () => {
    expect(() => buildReplayPlan({ ...facts, targets: [] }, { now: NOW, ttlMinutes: 60 })).toThrow(/at least one target/);
  });
  it('classifies with the stricter of manifest and policy pin', () => {
    expect(effectiveClass('projection', 'operational')).toBe('operational');
    expect(effectiveClass('operational', 'projection')).toBe('operational');
    expect(effectiveClass('workflow', undefined)).toBe('workflow');
    expect(strictestClass(['projection', 'workflow'])).toBe('workflow');
    expect(strictestClass(['projection'])).toBe('projection');
  });
});

describe('ARNs', () => {
  it('reads account, region and rule names of both ARN forms', () => {
    expect(parseArn('arn:aws:events:eu-west-1:123456789012:event-bus/orders')).toMatchObject({ account: '123456789012', region: 'eu-west-1', resource: 'event-bus/orders' });
    expect(ruleNameOfArn('arn:aws:events:eu-west-1:123456789012:rule/orders/billing-charge')).toEqual({ busName: 'orders', name: 'billing-charge' });
    expect(ruleNameOfArn('arn:aws:events:eu-west-1:123456789012:rule/nightly')).toEqual({ busName: 'default', name: 'nightly' });
  });
});
