import { consumerAt, fieldOrEntry } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'operational-has-lag-slo',
    category: 'observability',
    defaultSeverity: 'error',
    classes: ['operational'],
    summary: 'An operational consumer declares a lag SLO (`lag.maxAgeSeconds`).',
    rationale:
      'A stuck operational consumer is an outage nobody sees: orders are not charged, refunds not paid. The age of the oldest message is the signal, and `eventctl lag` and alarms need a threshold to compare it with.',
    fix: 'Add `lag: { maxAgeSeconds: <seconds>, maxDepth: <messages> }` with the delay the business can tolerate.',
    example: {
      bad: `- name: billing-charge
  class: operational`,
      good: `- name: billing-charge
  class: operational
  lag: { maxAgeSeconds: 300, maxDepth: 10000 }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'operational' || consumer.lag?.maxAgeSeconds !== undefined) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: fieldOrEntry(consumerAt(i), consumer, 'lag'),
        message: consumer.lag
          ? `operational consumer '${consumer.name}' has a lag block without maxAgeSeconds`
          : `operational consumer '${consumer.name}' has no lag SLO`,
        hint: 'add lag: { maxAgeSeconds: <seconds> }',
      });
    });
  },
});
