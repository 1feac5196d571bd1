import { consumerAt, fieldOrEntry } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'operational-side-effects-declared',
    category: 'consumer-roles',
    defaultSeverity: 'warn',
    classes: ['operational'],
    summary: 'An operational consumer lists the systems it changes in `sideEffects`.',
    rationale:
      'During an incident the first question before a replay or redrive is "what will this touch?". An operational consumer with no declared side effects either is a projection in the wrong class, or leaves the on-call engineer to find out from the code.',
    fix: 'List the external systems the consumer changes (`sideEffects: [payments-api, ledger]`), or, if it only builds a read model, make it a projection.',
    example: {
      bad: `- name: billing-charge
  class: operational`,
      good: `- name: billing-charge
  class: operational
  sideEffects: [payments-api]`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'operational' || consumer.sideEffects?.length) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: fieldOrEntry(consumerAt(i), consumer, 'sideEffects'),
        message: `operational consumer '${consumer.name}' declares no side effects`,
        hint: 'list the systems it changes in sideEffects, or make it a projection if it changes none',
      });
    });
  },
});
