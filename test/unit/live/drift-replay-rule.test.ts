import { describe, expect, it } from 'vitest';
import type { LiveTarget } from '../../../src/aws/eventbridge.js';
import type { Manifest } from '../../../src/manifest/model.js';
import { computeDrift, DRIFT_RULES } from '../../../src/ops/drift.js';
import type { LiveSnapshot } from '../../../src/ops/live-snapshot.js';
import { planSandbox } from '../../../src/ops/sandbox.js';

const ARN = 'arn:aws:sqs:us-east-1:123456789012';
const manifest: Manifest = {
  apiVersion: 'eventctl/v1',
  platform: 't',
  buses: [{ name: 'orders' }],
  topics: [
    { name: 'a', bus: 'orders', source: 'x', detailType: 'A' },
    { name: 'b', bus: 'orders', source: 'x', detailType: 'B' },
  ],
  consumers: [
    { name: 'op', class: 'operational', subscribes: ['a'], rule: 'op', queue: 'op' },
    { name: 'proj', class: 'projection', subscribes: ['a', 'b'], rule: 'proj', queue: 'proj' },
  ],
};

const target = (queue: string, extra: Partial<LiveTarget> = {}): LiveTarget => ({ id: queue, arn: `${ARN}:${queue}`, settings: {}, ...extra });

/** What `sandbox up` creates for the manifest, as a snapshot. */
function liveOf(m: Manifest): LiveSnapshot {
  const plan = planSandbox(m);
  return {
    buses: { orders: { arn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' } },
    rules: { orders: plan.rules.map((r) => ({ name: r.name, busName: r.bus, eventPattern: r.pattern })) },
    targets: Object.fromEntries(plan.rules.map((r) => [`orders/${r.name}`, [target(r.targetQueue!)]])),
    queues: { op: { arn: `${ARN}:op` }, proj: { arn: `${ARN}:proj` } },
    archives: { orders: [] },
  };
}

const findings = (live: LiveSnapshot, m = manifest) =>
  // The locator hands back the pointer as the file name, so tests see which field a finding points at.
  computeDrift(m, live, (pointer) => ({ file: pointer, line: 1, column: 1 })).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    subject: f.subject.name,
    message: f.message,
    hint: f.hint,
    pointer: f.location?.file,
  }));

describe('drift: the opt-in replay rule of operational consumers', () => {
  it('is clean for what sandbox up creates, and the twin is not an undeclared rule', () => {
    expect(findings(liveOf(manifest))).toEqual([]);
  });

  it('warns when the replay rule is missing, with a fix naming it', () => {
    const live = liveOf(manifest);
    live.rules.orders = live.rules.orders!.filter((r) => r.name !== 'op-replay');
    expect(findings(live)).toEqual([
      {
        rule: 'drift/replay-rule-missing',
        severity: 'warn',
        subject: 'orders/op-replay',
        message: 'operational consumer op has no opt-in replay rule op-replay on bus orders; its rule op excludes replays, so an approved replay cannot reach it',
        hint: expect.stringMatching(/eventctl sandbox up .*create rule op-replay on bus orders with the topics and targets of op and "replay-name": \[\{"prefix": "ectl-"\}\]/),
        pointer: '/consumers/0/rule',
      },
    ]);
    expect(DRIFT_RULES.find((r) => r.id === 'drift/replay-rule-missing')!.fix).toMatch(/sandbox up/);
  });

  it('uses `replayRule:` from the manifest (and points at it)', () => {
    const custom: Manifest = { ...manifest, consumers: [{ ...manifest.consumers[0]!, replayRule: 'op-approved' }, manifest.consumers[1]!] };
    expect(findings(liveOf(custom), custom)).toEqual([]);
    // The default-named twin is now someone else's rule; the declared one is missing.
    const got = findings(liveOf(manifest), custom).map((f) => [f.rule, f.subject, f.pointer]);
    expect(got).toEqual([
      ['drift/replay-rule-missing', 'orders/op-approved', '/consumers/0/replayRule'],
      ['drift/extra-rule', 'orders/op-replay', '/buses/0/name'],
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ['accepts live events', { source: ['x'], 'detail-type': ['A'] }, /also matches live events, which would reach op twice/],
    ['accepts live events (the guard copied over)', { source: ['x'], 'detail-type': ['A'], 'replay-name': [{ exists: false }] }, /also matches live events/],
    ['accepts any replay', { source: ['x'], 'detail-type': ['A'], 'replay-name': [{ exists: true }] }, /matches replays not named ectl-…, so an unapproved replay/],
    ['misses a topic', { source: ['x'], 'detail-type': ['B'], 'replay-name': [{ prefix: 'ectl-' }] }, /does not match topic a .*subscribes to/],
    ['takes another topic', { source: ['x'], 'replay-name': [{ prefix: 'ectl-' }] }, /also matches topic b, which op does not subscribe to/],
  ])('reports a replay rule that %s', (_what, pattern, message) => {
    const live = liveOf(manifest);
    live.rules.orders = live.rules.orders!.map((r) => (r.name === 'op-replay' ? { ...r, eventPattern: pattern } : r));
    const got = findings(live);
    expect(got.map((f) => [f.rule, f.severity, f.subject])).toEqual(got.map(() => ['drift/replay-rule-pattern', 'error', 'orders/op-replay']));
    expect(got.map((f) => f.message)).toContainEqual(expect.stringMatching(message));
  });

  it.each<[string, LiveTarget[], RegExp]>([
    ['no target', [], /lacks arn:aws:sqs:us-east-1:123456789012:op$/],
    ['another queue', [target('proj')], /lacks .*:op; also delivers to .*:proj$/],
    ['an extra target', [target('op'), target('proj', { id: 'tap' })], /also delivers to .*:proj$/],
    ['another DLQ config', [target('op', { deadLetterArn: `${ARN}:x`, settings: { DeadLetterConfig: { Arn: `${ARN}:x` } } })], /delivers to .*:op with other settings/],
  ])('reports a replay rule with %s', (_what, targets, message) => {
    const live = liveOf(manifest);
    live.targets['orders/op-replay'] = targets;
    const got = findings(live);
    expect(got).toEqual([expect.objectContaining({ rule: 'drift/replay-rule-targets', severity: 'error', subject: 'orders/op-replay', message: expect.stringMatching(message) })]);
  });

  it('compares with the consumer rule, not the manifest: the same target id under another name is fine', () => {
    const live = liveOf(manifest);
    live.targets['orders/op-replay'] = [target('op', { id: 'other-id' })];
    expect(findings(live)).toEqual([]);
  });

  it("does not ask the twin to copy the consumer rule's own drift, and reports a twin that copies it", () => {
    const live = liveOf(manifest);
    live.targets['orders/op'] = [target('op'), target('proj', { id: 'tap' })];
    expect(findings(live).map((f) => [f.rule, f.subject])).toEqual([['drift/extra-target', 'orders/op']]);
    live.targets['orders/op-replay'] = [target('op'), target('proj', { id: 'tap' })];
    expect(findings(live).map((f) => [f.rule, f.subject])).toEqual([
      ['drift/extra-target', 'orders/op'],
      ['drift/replay-rule-targets', 'orders/op-replay'],
    ]);
  });

  it('keeps the guard check on the consumer rule itself', () => {
    const live = liveOf(manifest);
    live.rules.orders = live.rules.orders!.map((r) => (r.name === 'op' ? { ...r, eventPattern: { source: ['x'], 'detail-type': ['A'] } } : r));
    expect(findings(live).map((f) => [f.rule, f.subject])).toEqual([['drift/replay-unguarded', 'orders/op']]);
  });
});
