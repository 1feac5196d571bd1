import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-event-type-unique',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'No two topics on the same bus share a `source` and `detailType`.',
    rationale:
      'EventBridge routes by source and detail type. Two topics with the same pair are the same events under two names with two schemas: consumers of either receive both, and compatibility checks guard only one of them.',
    fix: 'Give the second topic its own detail type, or merge the two topics into one.',
    example: {
      bad: `- { name: order.placed, bus: orders, source: com.acme.orders, detailType: OrderPlaced }
- { name: order.created, bus: orders, source: com.acme.orders, detailType: OrderPlaced }`,
      good: `- { name: order.placed, bus: orders, source: com.acme.orders, detailType: OrderPlaced }`,
    },
  },
  check({ manifest }, report) {
    const first = new Map<string, string>();
    manifest.topics.forEach((topic, i) => {
      const key = `${topic.bus}\u0000${topic.source}\u0000${topic.detailType}`;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, topic.name);
        return;
      }
      if (earlier === topic.name) return; // a duplicate name; name-unique reports it
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topicAt(i, 'detailType'),
        message: `topic '${topic.name}' has the same source and detail type (${topic.source} / ${topic.detailType}) as topic '${earlier}' on bus '${topic.bus}'`,
        hint: 'give it its own detailType, or merge the two topics',
      });
    });
  },
});
