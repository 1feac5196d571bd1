import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'workflow-has-correlation-key',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['workflow'],
    summary: 'A workflow consumer declares a `correlation` key.',
    rationale:
      'A workflow consumer starts or advances a long-running process. Without a correlation id it cannot find the process instance an event belongs to, so a late or replayed event starts a second process instead of advancing the first.',
    fix: 'Set `correlation:` to the JSON pointer of the field that identifies the process instance, e.g. `/detail/orderId`, and make sure every subscribed topic carries it.',
    example: {
      bad: `- name: fulfilment-starter
  class: workflow
  workflow: order-fulfilment`,
      good: `- name: fulfilment-starter
  class: workflow
  workflow: order-fulfilment
  correlation: /detail/orderId`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'workflow' || consumer.correlation) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i),
        message: `workflow consumer '${consumer.name}' has no correlation key`,
        hint: 'add correlation: /detail/<process id field>',
      });
    });
  },
});
