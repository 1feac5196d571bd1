import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'dlq-max-receive-count',
    category: 'failure-containment',
    defaultSeverity: 'warn',
    summary: 'A consumer with a queue and a DLQ states its `maxReceiveCount`.',
    rationale:
      'The redrive policy decides how many attempts a message gets before it is parked. Left implicit, drift checks and sandboxes cannot compare it, and the number ends up whatever the console defaulted to; too low parks messages on a transient blip, too high keeps a poison message cycling.',
    fix: 'Add `maxReceiveCount:` (3 to 10 is typical) matching the queue\'s redrive policy.',
    example: {
      bad: `- name: orders-read-model
  queue: orders-read-model
  dlq: orders-read-model-dlq`,
      good: `- name: orders-read-model
  queue: orders-read-model
  dlq: orders-read-model-dlq
  maxReceiveCount: 5`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (!consumer.queue || !consumer.dlq || consumer.maxReceiveCount !== undefined) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'dlq'),
        message: `consumer '${consumer.name}' has a DLQ but no maxReceiveCount`,
        hint: 'add maxReceiveCount: 5 (or the value of the queue\'s redrive policy)',
      });
    });
  },
});
