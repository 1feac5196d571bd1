import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-has-consumers',
    category: 'routing',
    defaultSeverity: 'warn',
    summary: 'Every topic has at least one consumer.',
    rationale:
      'An event type nobody consumes is either dead (its producer, schema and archive space can go) or its consumer is missing from the manifest, in which case lint, review and replay approvals do not know about it.',
    fix: 'Add the missing consumer to the manifest, or retire the topic.',
    example: {
      bad: `topics:
  - name: order.archived   # no consumer subscribes`,
      good: `consumers:
  - name: orders-read-model
    subscribes: [order.placed, order.archived]`,
    },
  },
  check({ manifest, index }, report) {
    manifest.topics.forEach((topic, i) => {
      if (index.topics.get(topic.name)?.index !== i) return;
      if (index.consumersByTopic.get(topic.name)?.length) return;
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topicAt(i),
        message: `no consumer subscribes to topic '${topic.name}'`,
        hint: 'declare its consumers, or retire the topic',
      });
    });
  },
});
