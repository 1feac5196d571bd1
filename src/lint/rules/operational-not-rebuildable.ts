import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'operational-not-rebuildable',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['operational'],
    summary: 'An operational consumer does not claim to be rebuildable.',
    rationale:
      'An operational consumer changes the world outside its own store (payments, emails, inventory). Replaying its events to "rebuild" it repeats those effects. A `rebuildable: true` claim on it invites exactly that replay.',
    fix: 'Remove `rebuildable` from the operational consumer. If part of it really is a rebuildable read model, split that part out as a projection.',
    example: {
      bad: `- name: billing-charge
  class: operational
  rebuildable: true`,
      good: `- name: billing-charge
  class: operational
  idempotency: { key: /detail/orderId, windowHours: 720 }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'operational' || consumer.rebuildable !== true) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'rebuildable'),
        message: `operational consumer '${consumer.name}' claims to be rebuildable; replaying it repeats its side effects`,
        hint: 'remove rebuildable: true, or split the rebuildable read model out as a projection',
      });
    });
  },
});
