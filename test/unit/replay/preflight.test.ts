import { describe, expect, it } from 'vitest';
import { newPlan, type Plan } from '../../../src/approval/plan.js';
import { preflightReasons, type PreflightFacts } from '../../../src/ops/replay/preflight.js';

const NOW = new Date('2026-11-29T10:00:00Z');
const BUS = 'arn:aws:events:eu-west-1:123456789012:event-bus/orders';
const ARCHIVE = 'arn:aws:events:eu-west-1:123456789012:archive/orders-archive';
const RULE = 'arn:aws:events:eu-west-1:123456789012:rule/orders/billing-charge';
const DIGEST = 'a'.repeat(64);

function plan(window = { start: '2026-11-28T08:00:00Z', end: '2026-11-28T09:30:00Z' }): Plan {
  return newPlan(
    {
      kind: 'replay',
      requester: 'carol',
      aws: { account: '123456789012', region: 'eu-west-1' },
      archiveArn: ARCHIVE,
      eventBusArn: BUS,
      window,
      targets: [{ consumer: 'billing-charge', class: 'operational', ruleArn: RULE, ruleSha256: DIGEST }],
      estimate: { events: 10, maxEvents: 100, method: 'cloudwatch-matched-events-v1' },
    },
    { now: new Date('2026-11-29T09:00:00Z'), ttlMinutes: 480, policy: { version: 1, sha256: 'b'.repeat(64) } },
  );
}

const healthy: PreflightFacts = {
  bus: { arn: BUS },
  archive: { arn: ARCHIVE, sourceArn: BUS, state: 'ENABLED' },
  rules: [{ ruleArn: RULE, digest: DIGEST }],
  estimate: { events: 90 },
  activeReplays: 0,
};

describe('preflightReasons', () => {
  it('passes when the account matches the plan', () => {
    expect(preflightReasons(plan(), healthy, NOW)).toEqual([]);
  });
  it.each<[string, Partial<PreflightFacts>, RegExp]>([
    ['other account', { bus: { arn: 'arn:aws:events:eu-west-1:999999999999:event-bus/orders' } }, /reach account 999999999999 in eu-west-1; the plan is for account 123456789012/],
    ['missing bus', { bus: undefined }, /event bus orders does not exist/],
    ['missing archive', { archive: undefined }, /archive .* does not exist/],
    ['disabled archive', { archive: { arn: ARCHIVE, sourceArn: BUS, state: 'DISABLED' } }, /is DISABLED, not ENABLED/],
    ['archive of another bus', { archive: { arn: ARCHIVE, sourceArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/x', state: 'ENABLED' } }, /records .*event-bus\/x, not the plan's bus/],
    ['changed rule', { rules: [{ ruleArn: RULE, digest: 'c'.repeat(64) }] }, /billing-charge: rule .* changed since planning/],
    ['deleted rule', { rules: [{ ruleArn: RULE }] }, /billing-charge: rule .* no longer exists/],
    ['estimate over the cap', { estimate: { events: 101 } }, /fresh estimate is 101 events, over the approved cap of 100/],
    ['replay already exists', { existingReplay: { state: 'COMPLETED' } }, /already exists \(COMPLETED\): this plan was already run/],
    ['10 active replays', { activeReplays: 10 }, /10 replays are already active/],
  ])('refuses: %s', (_name, change, reason) => {
    const reasons = preflightReasons(plan(), { ...healthy, ...change }, NOW);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(reason);
  });
  it('refuses a window younger than 10 minutes (or the policy minimum), naming the wait', () => {
    const recent = plan({ start: '2026-11-29T09:00:00Z', end: '2026-11-29T09:55:00Z' });
    expect(preflightReasons(recent, healthy, NOW)).toEqual([expect.stringMatching(/wait 5 more minutes/)]);
    expect(preflightReasons(recent, healthy, new Date('2026-11-29T10:05:00Z'))).toEqual([]);
    expect(preflightReasons(recent, healthy, new Date('2026-11-29T10:05:00Z'), { minWindowAgeMinutes: 30 })).toEqual([expect.stringMatching(/at least 30 minutes old.*wait 20 more minutes/)]);
  });
  it('lists every unmet requirement at once', () => {
    const reasons = preflightReasons(plan(), { rules: [{ ruleArn: RULE }], estimate: { events: 500 } }, NOW);
    expect(reasons).toHaveLength(4);
  });
  it('refuses a target without a recorded rule digest', () => {
    const p = plan();
    delete p.targets[0]!.ruleSha256;
    expect(preflightReasons(p, healthy, NOW)).toEqual([expect.stringMatching(/records no digest/)]);
  });
});
