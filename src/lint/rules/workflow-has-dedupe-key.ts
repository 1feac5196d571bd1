import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'workflow-has-dedupe-key',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['workflow'],
    summary: 'A workflow consumer declares a `dedupe` key and window.',
    rationale:
      'EventBridge delivers at least once, and replays deliver again. A workflow consumer without deduplication starts the same process twice (two shipments, two captures) when an event arrives twice.',
    fix: 'Add `dedupe: { key: /detail/<id>, windowHours: <hours> }` and use the key as the execution name or in a dedupe store.',
    example: {
      bad: `- name: fulfilment-starter
  class: workflow
  correlation: /detail/orderId`,
      good: `- name: fulfilment-starter
  class: workflow
  correlation: /detail/orderId
  dedupe: { key: /detail/orderId, windowHours: 720 }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'workflow' || consumer.dedupe?.key) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i),
        message: `workflow consumer '${consumer.name}' has no dedupe key`,
        hint: 'add dedupe: { key: /detail/<id>, windowHours: <hours> }',
      });
    });
  },
});
