import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { guardrailsPolicy, isRoleArn } from '../../../src/approval/guardrails.js';
import type { Manifest } from '../../../src/manifest/model.js';

/** `eventctl guardrails`: a valid IAM policy document denying the bypass actions on gated resources. */
const manifest = load(readFileSync('fixtures/platform/eventctl.yaml', 'utf8')) as Manifest;
const RUNNER = 'arn:aws:iam::123456789012:role/eventctl-runner';
const policy = guardrailsPolicy({ manifest, runnerRoleArn: RUNNER, account: '123456789012', region: 'eu-west-1' });
const sqs = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

describe('guardrails policy', () => {
  it('has the shape of an IAM policy document (Version, Deny statements with unique Sids)', () => {
    expect(Object.keys(policy).sort()).toEqual(['Statement', 'Version']);
    expect(policy.Version).toBe('2012-10-17');
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of policy.Statement) {
      expect(Object.keys(statement).sort()).toEqual(['Action', 'Condition', 'Effect', 'Resource', 'Sid']);
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(statement.Effect).toBe('Deny');
      for (const action of statement.Action) expect(action).toMatch(/^(events|sqs):[A-Za-z]+$/);
      for (const arn of statement.Resource) expect(arn).toMatch(/^arn:aws:(events|sqs):eu-west-1:123456789012:\S+$/);
      expect(statement.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [RUNNER] } });
    }
    expect(JSON.parse(JSON.stringify(policy))).toEqual(policy);
  });

  it('denies the three bypass actions on operational and workflow resources only', () => {
    const byAction = Object.fromEntries(policy.Statement.map((s) => [s.Action.join(','), s.Resource]));
    expect(Object.keys(byAction).sort()).toEqual(['events:StartReplay', 'sqs:SendMessage', 'sqs:StartMessageMoveTask']);
    const gated = ['billing-charge', 'shipping-notifier', 'refund-processor', 'fulfilment-starter', 'payment-capture', 'cancellation-handler'];
    expect(byAction['sqs:StartMessageMoveTask']).toEqual(gated.map((c) => sqs(`${c}-dlq`)).sort());
    expect(byAction['sqs:SendMessage']).toEqual([...gated.map(sqs), ...gated.map((c) => sqs(`${c}-dlq`))].sort());
    expect(byAction['events:StartReplay']).toEqual([
      'arn:aws:events:eu-west-1:123456789012:archive/orders-archive',
      'arn:aws:events:eu-west-1:123456789012:archive/payments-archive',
      'arn:aws:events:eu-west-1:123456789012:replay/*',
    ]);
    const everything = policy.Statement.flatMap((s) => s.Resource).join('\n');
    for (const projection of ['orders-read-model', 'customer-directory', 'payments-ledger-view']) expect(everything).not.toContain(projection);
  });

  it('accepts only IAM role ARNs as the runner', () => {
    expect(isRoleArn(RUNNER)).toBe(true);
    expect(isRoleArn('arn:aws:iam::123456789012:user/alice')).toBe(false);
    expect(isRoleArn('*')).toBe(false);
  });
});
