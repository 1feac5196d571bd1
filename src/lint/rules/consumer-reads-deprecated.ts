import { deprecationsAlong } from '../../schema/deprecation.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-reads-deprecated',
    category: 'schema-governance',
    defaultSeverity: 'warn',
    summary: 'No consumer reads a field its topic schema marks `deprecated` (with its `x-sunset` date, when it has one).',
    rationale:
      'A deprecated field will be removed: from its `x-sunset` date `schema check` lets producers drop it. A consumer still reading it then gets nothing where it expects a value. Reporting the readers early, with the date, gives their owners the time the sunset promised.',
    fix: 'Move the consumer to the field that replaces it and drop the deprecated pointer from its `reads` before the sunset date.',
    example: {
      bad: `# schemas/order-placed.json: "total": { "type": "number", "deprecated": true, "x-sunset": "2026-09-01" }
- name: billing
  reads: { order.placed: [/detail/orderId, /detail/total] }`,
      good: `- name: billing
  reads: { order.placed: [/detail/orderId, /detail/amount] }`,
    },
  },
  check({ manifest, schemas, now }, report) {
    manifest.consumers.forEach((consumer, i) => {
      for (const [topic, pointers] of Object.entries(consumer.reads ?? {})) {
        const schema = schemas.get(topic);
        if (schema === undefined) continue;
        pointers.forEach((pointer, k) => {
          for (const { at, deprecation } of deprecationsAlong(schema, pointer)) {
            const when = deprecation.sunsetStart
              ? deprecation.sunsetStart.getTime() <= now.getTime()
                ? `; its sunset ${deprecation.sunset} has passed and producers may remove it now`
                : `; sunset ${deprecation.sunset}`
              : deprecation.sunset !== undefined
                ? `; x-sunset '${deprecation.sunset}' is not a YYYY-MM-DD date`
                : '; no sunset date yet';
            report({
              subject: { kind: 'consumer', name: consumer.name },
              pointer: consumerAt(i, `reads/${topic.replace(/~/g, '~0').replace(/\//g, '~1')}/${k}`),
              path: pointer,
              message: `consumer '${consumer.name}'${consumer.owner ? ` (owner ${consumer.owner})` : ''} reads ${pointer} from ${topic}; ${at} is deprecated${when}`,
              hint: 'read the replacement field instead and drop this pointer from reads',
            });
          }
        });
      }
    });
  },
});
