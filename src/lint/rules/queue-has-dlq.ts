import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'queue-has-dlq',
    category: 'failure-containment',
    defaultSeverity: 'warn',
    classes: ['projection', 'workflow'],
    summary: 'A projection or workflow consumer with a queue also declares a dead-letter queue.',
    rationale:
      'A poison message in a queue without a DLQ is retried until its retention runs out, then lost; meanwhile it delays or blocks the messages behind it. For a projection that means a silently wrong read model, for a workflow a process that never started. (Operational consumers are covered by `operational-has-dlq`.)',
    fix: 'Add `dlq: <queue name>` and `maxReceiveCount:` to the consumer.',
    example: {
      bad: `- name: orders-read-model
  class: projection
  queue: orders-read-model`,
      good: `- name: orders-read-model
  class: projection
  queue: orders-read-model
  dlq: orders-read-model-dlq`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class === 'operational' || !consumer.queue || consumer.dlq) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'queue'),
        message: `queue '${consumer.queue}' of ${consumer.class} consumer '${consumer.name}' has no dead-letter queue`,
        hint: `add dlq: ${consumer.queue}-dlq`,
      });
    });
  },
});
