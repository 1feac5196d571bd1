import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/manifest/model.js';
import { assertLoopback, isLoopbackEndpoint, planSandbox } from '../../../src/ops/sandbox.js';
import { RefusedError } from '../../../src/errors.js';

const manifest: Manifest = {
  apiVersion: 'eventctl/v1',
  platform: 't',
  buses: [{ name: 'orders', archive: { name: 'orders-archive', retentionDays: 7 } }],
  topics: [
    { name: 'a', bus: 'orders', source: 'x', detailType: 'A' },
    { name: 'b', bus: 'orders', source: 'x', detailType: 'B' },
  ],
  consumers: [
    { name: 'op', class: 'operational', subscribes: ['a'], rule: 'op', queue: 'op', dlq: 'op-dlq', maxReceiveCount: 3 },
    { name: 'proj', class: 'projection', subscribes: ['a', 'b'], rule: 'proj', queue: 'proj', dlq: 'proj-dlq' },
    { name: 'wf', class: 'workflow', subscribes: ['b'], rule: 'wf' },
  ],
};

describe('planSandbox', () => {
  it('plans DLQs before queues, redrive counts, and replay-guarded operational rules', () => {
    const plan = planSandbox(manifest);
    expect(plan.dlqs.map((q) => q.name)).toEqual(['op-dlq', 'proj-dlq']);
    expect(plan.queues).toEqual([
      { name: 'op', fifo: false, dlq: 'op-dlq', maxReceiveCount: 3 },
      { name: 'proj', fifo: false, dlq: 'proj-dlq', maxReceiveCount: 5 },
    ]);
    expect(plan.rules.map((r) => [r.name, r.targetQueue, r.pattern['replay-name'], r.replayRuleOf])).toEqual([
      ['op', 'op', [{ exists: false }], undefined],
      // The operational consumer's opt-in twin: same queue, only eventctl replays.
      ['op-replay', 'op', [{ prefix: 'ectl-' }], 'op'],
      ['proj', 'proj', undefined, undefined],
      ['wf', undefined, undefined, undefined],
    ]);
    const [main, twin] = plan.rules;
    const { 'replay-name': _guard, ...topics } = main!.pattern;
    const { 'replay-name': _optIn, ...twinTopics } = twin!.pattern;
    expect(twinTopics).toEqual(topics);
    expect(twin!.bus).toBe(main!.bus);
    expect(plan.buses).toEqual([{ name: 'orders', archive: { name: 'orders-archive', retentionDays: 7 } }]);
  });

  it('names the opt-in replay rule after `replayRule:` when the manifest gives one, and only for operational consumers', () => {
    const custom: Manifest = {
      ...manifest,
      consumers: [
        { ...manifest.consumers[0]!, replayRule: 'op-approved-replays' },
        { ...manifest.consumers[1]!, replayRule: 'ignored-for-projections' },
      ],
    };
    expect(planSandbox(custom).rules.map((r) => r.name)).toEqual(['op', 'op-approved-replays', 'proj']);
  });
});

describe('isLoopbackEndpoint', () => {
  it.each([
    ['http://127.0.0.1:5000', true],
    ['http://127.8.9.1', true],
    ['http://localhost:4566', true],
    ['http://[::1]:5000', true],
    ['http://moto.localhost:5000', true],
    ['https://sqs.eu-west-1.amazonaws.com', false],
    ['http://10.0.0.5:5000', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://localhost.evil.com', false],
    [undefined, false],
  ])('%s → %s', (endpoint, expected) => {
    expect(isLoopbackEndpoint(endpoint)).toBe(expected);
  });

  it('refuses with exit 3', () => {
    expect(() => assertLoopback('https://events.us-east-1.amazonaws.com')).toThrow(RefusedError);
  });
});
