import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-has-subscriptions',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'A consumer subscribes to at least one topic.',
    rationale:
      'A consumer with no subscriptions receives nothing. It is either left over from a removed feature (its queue, DLQ and alarms still cost money and attention) or a subscription was lost in an edit.',
    fix: 'Add the topics it consumes to `subscribes:`, or remove the consumer.',
    example: {
      bad: `- name: orders-read-model
  subscribes: []`,
      good: `- name: orders-read-model
  subscribes: [order.placed, order.cancelled]`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.subscribes.length > 0) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'subscribes'),
        message: `consumer '${consumer.name}' subscribes to no topic`,
        hint: 'add its topics to subscribes:, or remove the consumer',
      });
    });
  },
});
