import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-single-role',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    summary: 'A consumer has exactly one class: `roles:` may not name a second one.',
    rationale:
      'The class decides how eventctl treats a consumer during replays and redrives: a projection is replayed freely, an operational consumer only with signed approval. A consumer that is both gets one of those treatments wrong: either replays re-run its side effects without approval, or rebuilding its read model needs an approval it should not.',
    fix: 'Split the consumer into one consumer per role (for example a projection that builds the read model and an operational consumer that calls the API), each with its own rule and queue, and remove the extra entries from `roles:`.',
    example: {
      bad: `consumers:
  - name: orders-sync
    class: projection
    roles: [projection, operational]
    subscribes: [order.placed]`,
      good: `consumers:
  - name: orders-read-model
    class: projection
    subscribes: [order.placed]
  - name: orders-erp-sync
    class: operational
    subscribes: [order.placed]`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      const classes = new Set([consumer.class, ...(consumer.roles ?? [])]);
      if (classes.size < 2) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'roles'),
        message: `consumer '${consumer.name}' mixes the ${[...classes].join(' and ')} roles`,
        hint: 'split it into one consumer per role, each with its own rule and queue',
      });
    });
  },
});
