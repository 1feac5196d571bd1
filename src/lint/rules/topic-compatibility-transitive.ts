import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-compatibility-transitive',
    category: 'schema-governance',
    defaultSeverity: 'warn',
    summary: 'A topic\'s compatibility mode is transitive (BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE or FULL_TRANSITIVE).',
    rationale:
      'A non-transitive mode compares a schema only with the previous version. Two compatible steps can add up to an incompatible pair, and archives and DLQs hold events of every version still in retention: a replay then feeds a consumer events it can no longer read.',
    fix: 'Use the transitive variant of the mode (`BACKWARD_TRANSITIVE` instead of `BACKWARD`).',
    example: {
      bad: `- name: order.placed
  compatibility: BACKWARD`,
      good: `- name: order.placed
  compatibility: BACKWARD_TRANSITIVE`,
    },
  },
  check({ manifest }, report) {
    const fallback = manifest.defaults?.compatibility;
    manifest.topics.forEach((topic, i) => {
      const mode = topic.compatibility ?? fallback;
      if (!mode || mode === 'NONE' || mode.endsWith('_TRANSITIVE')) return;
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topic.compatibility ? topicAt(i, 'compatibility') : '/defaults/compatibility',
        message: `topic '${topic.name}' uses ${mode}, which checks only against the previous schema version`,
        hint: `use ${mode}_TRANSITIVE`,
      });
    });
  },
});
