import { consumerAt, fieldOrEntry } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-has-lag-slo',
    category: 'observability',
    defaultSeverity: 'warn',
    classes: ['projection', 'workflow'],
    summary: 'A projection or workflow consumer declares a lag SLO (`lag.maxAgeSeconds`).',
    rationale:
      'A lagging projection serves stale reads, a lagging workflow starts processes late; both show up as user complaints long before anyone looks at a queue. (Operational consumers are covered by `operational-has-lag-slo`.)',
    fix: 'Add `lag: { maxAgeSeconds: <seconds> }` with the staleness readers can tolerate.',
    example: {
      bad: `- name: orders-read-model
  class: projection`,
      good: `- name: orders-read-model
  class: projection
  lag: { maxAgeSeconds: 900 }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class === 'operational' || consumer.lag?.maxAgeSeconds !== undefined) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: fieldOrEntry(consumerAt(i), consumer, 'lag'),
        message: `${consumer.class} consumer '${consumer.name}' has no lag SLO`,
        hint: 'add lag: { maxAgeSeconds: <seconds> }',
      });
    });
  },
});
