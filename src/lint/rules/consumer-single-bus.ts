import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-single-bus',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'All topics a consumer subscribes to are on the same bus.',
    rationale:
      'A consumer is one EventBridge rule, and a rule lives on exactly one bus. Topics from a second bus never reach it: the subscription is written down but cannot be deployed, and replays (which are per bus archive) cannot serve it either.',
    fix: 'Split the consumer into one consumer per bus, or route the events onto one bus (for example with a cross-bus rule) and subscribe there.',
    example: {
      bad: `- name: ledger-view      # order.placed is on orders, payment.captured on payments
  subscribes: [order.placed, payment.captured]`,
      good: `- name: ledger-view-orders
  subscribes: [order.placed]
- name: ledger-view-payments
  subscribes: [payment.captured]`,
    },
  },
  check({ manifest, index }, report) {
    manifest.consumers.forEach((consumer, i) => {
      const byBus = new Map<string, string[]>();
      for (const name of new Set(consumer.subscribes)) {
        const bus = index.topics.get(name)?.value.bus;
        if (bus === undefined) continue;
        const list = byBus.get(bus) ?? [];
        list.push(name);
        byBus.set(bus, list);
      }
      if (byBus.size < 2) return;
      const parts = [...byBus].map(([bus, topics]) => `${topics.map((t) => `'${t}'`).join(', ')} on bus '${bus}'`);
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'subscribes'),
        message: `consumer '${consumer.name}' subscribes to topics on ${byBus.size} buses: ${parts.join('; ')}`,
        hint: 'split it into one consumer per bus',
      });
    });
  },
});
