import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'consumer-has-owner',
    category: 'operability',
    defaultSeverity: 'warn',
    summary: 'A consumer names its owning team (`owner`).',
    rationale:
      'A lag alarm, a filling DLQ or a replay approval request needs a team to page. Consumers without owners are the ones whose DLQs fill for weeks.',
    fix: 'Add `owner: <team>` to the consumer.',
    example: {
      bad: `- name: billing-charge
  class: operational`,
      good: `- name: billing-charge
  class: operational
  owner: team-billing`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.owner) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i),
        message: `consumer '${consumer.name}' has no owner`,
        hint: 'add owner: <team that is paged for it>',
      });
    });
  },
});
