import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import type { Manifest } from '../../../src/manifest/model.js';
import { projectAccount } from '../../../src/ops/account-projection.js';
import { accountRegions, chooseEnvironment, roleArnFor, roleSessionName } from '../../../src/ops/environment.js';
import { forwardingDrift, planForwarding, policyAllowsAccount } from '../../../src/ops/forwarding.js';

const ORG: Manifest = {
  apiVersion: 'eventctl/v1',
  platform: 'org',
  environments: {
    prod: { accounts: { hub: '111111111111', orders: '222222222222' }, regions: ['eu-west-1', 'us-east-1'], roleName: 'eventctl' },
    staging: { accounts: { hub: '911111111111', orders: '922222222222' }, regions: ['eu-west-1'], roleArn: 'arn:aws:iam::{account}:role/ops/eventctl' },
  },
  buses: [
    { name: 'platform', account: 'hub' },
    { name: 'orders-inbound', account: 'orders', forwardFrom: 'platform' },
  ],
  topics: [
    { name: 'order.placed', bus: 'platform', source: 'acme.orders', detailType: 'OrderPlaced' },
    { name: 'order.paid', bus: 'platform', source: 'acme.pay', detailType: 'OrderPaid' },
    { name: 'audit', bus: 'platform', source: 'acme.audit', detailType: 'Audit' },
  ],
  consumers: [
    { name: 'auditor', account: 'hub', class: 'projection', subscribes: ['audit'], rule: 'auditor', queue: 'auditor' },
    { name: 'history', account: 'orders', class: 'projection', subscribes: ['order.placed', 'order.paid'], rule: 'history', queue: 'history' },
  ],
};

describe('environments', () => {
  it('--env wins over EVENTCTL_ENV; several environments and none named is a usage error', () => {
    expect(chooseEnvironment(ORG, 'staging', { EVENTCTL_ENV: 'prod' })?.name).toBe('staging');
    expect(chooseEnvironment(ORG, undefined, { EVENTCTL_ENV: 'prod' })?.name).toBe('prod');
    expect(() => chooseEnvironment(ORG, undefined, {})).toThrow(UsageError);
    expect(() => chooseEnvironment(ORG, 'qa', {})).toThrow(/no environment 'qa'/);
    expect(chooseEnvironment({ ...ORG, environments: undefined }, undefined, {})).toBeUndefined();
  });

  it('lists every account x region, and the role per account from roleName or a roleArn template', () => {
    expect(accountRegions(ORG.environments!.prod!).map((p) => `${p.alias}:${p.accountId}:${p.region}`)).toEqual([
      'hub:111111111111:eu-west-1',
      'hub:111111111111:us-east-1',
      'orders:222222222222:eu-west-1',
      'orders:222222222222:us-east-1',
    ]);
    expect(roleArnFor(ORG.environments!.prod!, '222222222222', 'prod')).toBe('arn:aws:iam::222222222222:role/eventctl');
    expect(roleArnFor(ORG.environments!.staging!, '922222222222', 'staging')).toBe('arn:aws:iam::922222222222:role/ops/eventctl');
    expect(() => roleArnFor({ accounts: { a: '111111111111' }, regions: ['eu-west-1'] }, '111111111111', 'x')).toThrow(/names no role/);
  });

  it('session names are eventctl-<user>, cut to what STS accepts', () => {
    expect(roleSessionName('alice')).toBe('eventctl-alice');
    expect(roleSessionName('Jo Smith (admin)')).toBe('eventctl-Jo-Smith--admin-');
    expect(roleSessionName(undefined)).toBe('eventctl-user');
    expect(roleSessionName('x'.repeat(100))).toHaveLength(64);
  });
});

describe('account projection and forwarding', () => {
  it("puts a spoke consumer's hub topics on the spoke bus, and maps pointers back to the platform", () => {
    const orders = projectAccount(ORG, 'orders', false);
    expect(orders.manifest.buses.map((b) => b.name)).toEqual(['orders-inbound']);
    expect(orders.manifest.consumers.map((c) => c.name)).toEqual(['history']);
    expect(orders.manifest.topics.map((t) => `${t.name}@${t.bus}`)).toEqual(['order.placed@orders-inbound', 'order.paid@orders-inbound']);
    expect(orders.toPlatformPointer('/consumers/0/queue')).toBe('/consumers/1/queue');
    expect(orders.toPlatformPointer('/topics/1')).toBe('/topics/1');
    const hub = projectAccount(ORG, 'hub', false);
    expect(hub.manifest.topics.map((t) => t.name)).toEqual(['order.placed', 'order.paid', 'audit']);
    expect(hub.manifest.consumers.map((c) => c.name)).toEqual(['auditor']);
  });

  it('derives one forwarding rule per spoke bus with exactly the subscribed hub topics', () => {
    const [rule, ...rest] = planForwarding(ORG);
    expect(rest).toEqual([]);
    expect(rule).toMatchObject({ name: 'forward-to-orders-inbound', hubBus: 'platform', spokeAccount: 'orders' });
    expect(rule!.topics.map((t) => t.name)).toEqual(['order.placed', 'order.paid']);
    expect(rule!.pattern).toEqual({ $or: [{ source: ['acme.orders'], 'detail-type': ['OrderPlaced'] }, { source: ['acme.pay'], 'detail-type': ['OrderPaid'] }] });
  });

  it('forwarding drift: missing rule, a topic the pattern misses, a wrong target, a policy without the hub', () => {
    const [rule] = planForwarding(ORG);
    const env = ORG.environments!.prod!;
    const arn = 'arn:aws:events:eu-west-1:222222222222:event-bus/orders-inbound';
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Principal: { AWS: 'arn:aws:iam::111111111111:root' } }] });
    const ids = (live: Parameters<typeof forwardingDrift>[3]) => forwardingDrift(rule!, env, 'eu-west-1', live).map((f) => f.rule);
    expect(ids({ hubRules: [], spokePolicy: policy })).toEqual(['drift/forward-missing']);
    const narrow = { name: rule!.name, busName: 'platform', eventPattern: { source: ['acme.orders'], 'detail-type': ['OrderPlaced'] } };
    expect(ids({ hubRules: [narrow], targets: [{ id: 'x', arn }], spokePolicy: policy })).toEqual(['drift/forward-pattern']);
    const full = { ...narrow, eventPattern: rule!.pattern };
    expect(ids({ hubRules: [full], targets: [{ id: 'x', arn: arn.replace('222222222222', '333333333333') }], spokePolicy: policy })).toEqual(['drift/forward-target']);
    expect(ids({ hubRules: [full], targets: [{ id: 'x', arn }], spokePolicy: null })).toEqual(['drift/forward-policy']);
    expect(ids({ hubRules: [full], targets: [{ id: 'x', arn }], spokePolicy: policy })).toEqual([]);
    expect(policyAllowsAccount(policy.replace('111111111111', '999999999999'), '111111111111')).toBe(false);
  });
});
