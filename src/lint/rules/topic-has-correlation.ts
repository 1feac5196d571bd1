import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-has-correlation',
    category: 'observability',
    defaultSeverity: 'warn',
    summary: 'A topic names the field that correlates its events with the business entity (`correlation`).',
    rationale:
      'When something goes wrong with one order, the on-call engineer searches archives, DLQs and logs by that order\'s id. A topic that says which field holds it makes `dlq inspect` grouping and replay filters precise.',
    fix: 'Add `correlation: /detail/<entity id>` to the topic, and make the field required in its schema.',
    example: {
      bad: `- name: order.placed
  bus: orders`,
      good: `- name: order.placed
  bus: orders
  correlation: /detail/orderId`,
    },
  },
  check({ manifest }, report) {
    manifest.topics.forEach((topic, i) => {
      if (topic.correlation) return;
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topicAt(i),
        message: `topic '${topic.name}' declares no correlation key`,
        hint: 'add correlation: /detail/<entity id>',
      });
    });
  },
});
