import { isPushTarget, targetOf } from '../../manifest/consumer-target.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'operational-has-dlq',
    category: 'failure-containment',
    defaultSeverity: 'error',
    classes: ['operational'],
    summary: 'An operational consumer declares a dead-letter queue.',
    rationale:
      'When an operational consumer keeps failing on an event, that event must land somewhere it can be inspected and redriven. Without a DLQ the message is retried until it expires and then dropped: a charge, a refund or a shipment silently never happens (AWS Well-Architected REL 2).',
    fix: 'Add `dlq: <queue name>` (and `maxReceiveCount:`), and create the queue with a redrive policy on the consumer queue.',
    example: {
      bad: `- name: billing-charge
  class: operational
  queue: billing-charge`,
      good: `- name: billing-charge
  class: operational
  queue: billing-charge
  dlq: billing-charge-dlq
  maxReceiveCount: 5`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'operational' || consumer.dlq) return;
      // A Lambda, state machine, stream… target has a target DLQ instead: target-has-dlq-and-retry.
      const target = targetOf(consumer);
      if (target && isPushTarget(target)) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i),
        message: `operational consumer '${consumer.name}' has no dead-letter queue`,
        hint: `add dlq: ${consumer.name}-dlq and a maxReceiveCount`,
      });
    });
  },
});
