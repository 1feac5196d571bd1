import { closest } from '../../text/closest.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-topic-known',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'Every topic a consumer subscribes to is declared under `topics:`.',
    rationale:
      'A subscription to an undeclared topic is usually a typo or a topic that was renamed. The consumer\'s rule then matches nothing, and the consumer waits forever for events that go elsewhere; no alarm fires because an idle queue looks healthy.',
    fix: 'Correct the topic name, or declare the topic under `topics:` with its bus, source, detail type and schema.',
    example: {
      bad: `subscribes: [order.placd]`,
      good: `subscribes: [order.placed]`,
    },
  },
  check({ manifest, index }, report) {
    const names = [...index.topics.keys()];
    manifest.consumers.forEach((consumer, i) => {
      consumer.subscribes.forEach((name, k) => {
        if (index.topics.has(name)) return;
        const suggestion = closest(name, names);
        report({
          subject: { kind: 'consumer', name: consumer.name },
          pointer: consumerAt(i, `subscribes/${k}`),
          message: `consumer '${consumer.name}' subscribes to unknown topic '${name}'`,
          hint: suggestion ? `did you mean '${suggestion}'?` : 'declare the topic under topics:, or fix the name',
        });
      });
    });
  },
});
