import { consumerAt, fieldOrEntry } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'projection-is-rebuildable',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['projection'],
    summary: 'A projection declares `rebuildable: true`.',
    rationale:
      'What makes a projection a projection is that its state can be thrown away and rebuilt by replaying the archive. eventctl replays projections without approval on that promise; a read model that cannot be rebuilt (it keeps state that is not derived from events) needs the care of an operational consumer.',
    fix: 'Make the read model derivable from events and set `rebuildable: true`, or change the class to `operational` and give it what that class needs.',
    example: {
      bad: `- name: orders-read-model
  class: projection
  subscribes: [order.placed]`,
      good: `- name: orders-read-model
  class: projection
  subscribes: [order.placed]
  rebuildable: true`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class !== 'projection' || consumer.rebuildable === true) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: fieldOrEntry(consumerAt(i), consumer, 'rebuildable'),
        message:
          consumer.rebuildable === false
            ? `projection '${consumer.name}' says it is not rebuildable`
            : `projection '${consumer.name}' does not declare rebuildable: true`,
        hint: 'set rebuildable: true once the read model can be rebuilt from the archive, or make it operational',
      });
    });
  },
});
