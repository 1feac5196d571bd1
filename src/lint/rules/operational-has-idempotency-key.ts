import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'operational-has-idempotency-key',
    category: 'failure-containment',
    defaultSeverity: 'error',
    classes: ['operational'],
    summary: 'An operational consumer declares an idempotency key and window.',
    rationale:
      'EventBridge and SQS deliver at least once; retries, redrives and replays deliver again. An operational consumer that is not idempotent charges twice, mails twice, ships twice. The idempotency key says which field identifies "the same" business event.',
    fix: 'Add `idempotency: { key: /detail/<business id>, windowHours: <hours> }` and check the key in a dedupe store before the side effect.',
    example: {
      bad: `- name: billing-charge
  class: operational
  sideEffects: [payments-api]`,
      good: `- name: billing-charge
  class: operational
  sideEffects: [payments-api]
  idempotency: { key: /detail/orderId, windowHours: 720 }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'operational' || consumer.idempotency?.key) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i),
        message: `operational consumer '${consumer.name}' has no idempotency key`,
        hint: 'add idempotency: { key: /detail/<business id>, windowHours: <hours> }',
      });
    });
  },
});
