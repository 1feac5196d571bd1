import { lookupEventPointer } from '../event-pointer.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-reads-in-schema',
    category: 'schema-governance',
    defaultSeverity: 'error',
    summary: 'Every field a consumer declares under `reads` exists in the schema of that topic, and the topic is one it subscribes to.',
    rationale:
      '`schema check` decides whom a breaking change hurts from `reads`: a break to a field no consumer reads is only info. A pointer that names no field (a typo, a renamed field) or a topic the consumer does not subscribe to would make a real break look harmless. Pointers under `/detail` are looked up in the topic schema; envelope fields (`/id`, `/time`, …) always exist.',
    fix: 'Correct the pointer to a field the topic schema declares (or add the field), and list only subscribed topics under `reads`. Remove the topic from `reads` to declare that the consumer reads everything.',
    example: {
      bad: `- name: billing
  subscribes: [order.placed]
  reads: { order.placed: [/detail/orderID] }   # the schema declares orderId`,
      good: `- name: billing
  subscribes: [order.placed]
  reads: { order.placed: [/detail/orderId, /detail/total] }`,
    },
  },
  check({ manifest, schemas, index }, report) {
    manifest.consumers.forEach((consumer, i) => {
      for (const [topic, pointers] of Object.entries(consumer.reads ?? {})) {
        const subject = { kind: 'consumer' as const, name: consumer.name };
        if (!consumer.subscribes.includes(topic)) {
          report({
            subject,
            pointer: consumerAt(i, `reads/${topic.replace(/~/g, '~0').replace(/\//g, '~1')}`),
            message: `consumer '${consumer.name}' declares reads for '${topic}', which it does not subscribe to`,
            hint: index.topics.has(topic) ? `add '${topic}' to subscribes, or remove it from reads` : `'${topic}' is not a declared topic: fix the name`,
          });
          continue;
        }
        const schema = schemas.get(topic);
        pointers.forEach((pointer, k) => {
          const verdict = lookupEventPointer(schema, pointer);
          if (verdict.kind !== 'missing') return;
          report({
            subject,
            pointer: consumerAt(i, `reads/${topic.replace(/~/g, '~0').replace(/\//g, '~1')}/${k}`),
            path: pointer,
            message: `consumer '${consumer.name}' reads ${pointer} from ${topic}, but its schema does not declare ${verdict.missingAt}`,
            hint: 'point at a field the topic schema declares under properties, or add the field to the schema',
          });
        });
      }
    });
  },
});
