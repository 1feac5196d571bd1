import { describe, expect, it } from 'vitest';
import { buildTopology, deliveryOf } from '../../../src/graph/topology.js';
import type { Manifest } from '../../../src/manifest/model.js';

const manifest: Manifest = {
  apiVersion: 'eventctl/v1',
  platform: 'p',
  buses: [{ name: 'orders' }],
  topics: [{ name: 'order.shipped', bus: 'orders', source: 'shop', detailType: 'OrderShipped' }],
  consumers: [
    { name: 'mailer', class: 'operational', subscribes: ['order.shipped'], rule: 'mailer', target: { kind: 'lambda', function: 'mail-fn', deadLetter: 'mailer-target-dlq', retry: { maxAttempts: 3 } } },
    { name: 'view', class: 'projection', subscribes: ['order.shipped'], rule: 'view', queue: 'view', dlq: 'view-dlq' },
    { name: 'ledger', class: 'projection', subscribes: ['order.shipped'], rule: 'ledger', queue: 'ledger', target: { kind: 'sqs', deadLetter: 'ledger-target-dlq' } },
  ],
};

describe('graph: deliveries by target kind', () => {
  it('reads the kind, resource and target DLQ from the consumer target (the queue form is an sqs target)', () => {
    expect(manifest.consumers.map(deliveryOf)).toEqual([
      { kind: 'lambda', target: 'mail-fn', dlq: undefined, targetDlq: 'mailer-target-dlq', account: undefined },
      { kind: 'sqs', target: 'view', dlq: 'view-dlq', account: undefined },
      { kind: 'sqs', target: 'ledger', dlq: undefined, targetDlq: 'ledger-target-dlq', account: undefined },
    ]);
  });

  it('shows the target kind on the consumer and the target DLQ off its rule', () => {
    const topology = buildTopology(manifest);
    expect(topology.nodes.find((n) => n.id === 'consumer_mailer')?.detail).toBe('operational · lambda mail-fn');
    expect(topology.nodes.find((n) => n.id === 'dlq_mailer_target_dlq')).toMatchObject({ kind: 'dlq', detail: 'target DLQ · lambda' });
    expect(topology.edges).toContainEqual({ from: 'rule_orders_mailer', to: 'dlq_mailer_target_dlq', kind: 'target-dead-letter', label: 'undeliverable' });
    expect(topology.edges).toContainEqual({ from: 'consumer_view', to: 'dlq_view_dlq', kind: 'dead-letter' });
    expect(topology.edges.filter((e) => e.kind === 'target-dead-letter').map((e) => e.to)).toEqual(['dlq_mailer_target_dlq', 'dlq_ledger_target_dlq']);
  });
});
