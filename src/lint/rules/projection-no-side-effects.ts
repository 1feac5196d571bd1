import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'projection-no-side-effects',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['projection'],
    summary: 'A projection declares no side effects.',
    rationale:
      'Projections are replayed without approval to rebuild read models. A projection that calls an API, sends mail or writes to a ledger repeats those effects on every replay: it is an operational consumer wearing the wrong class, which is mixing roles.',
    fix: 'Move the side effect into an operational consumer (with a DLQ, an idempotency key and a lag SLO), or, if the listed system is only read, remove it from `sideEffects`.',
    example: {
      bad: `- name: orders-read-model
  class: projection
  rebuildable: true
  sideEffects: [email]`,
      good: `- name: orders-read-model
  class: projection
  rebuildable: true`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'projection' || !consumer.sideEffects?.length) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'sideEffects'),
        message: `projection '${consumer.name}' has side effects (${consumer.sideEffects.join(', ')}), which mixes the projection and operational roles`,
        hint: 'move the side effects into an operational consumer, or remove them if they are reads',
      });
    });
  },
});
