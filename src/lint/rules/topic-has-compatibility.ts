import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-has-compatibility',
    category: 'schema-governance',
    defaultSeverity: 'warn',
    summary: 'A topic has a compatibility mode other than NONE (its own `compatibility:` or `defaults.compatibility`).',
    rationale:
      'The compatibility mode tells `eventctl schema check` which changes break consumers. With no mode, or NONE, any change passes review, and the first sign of a breaking change is a DLQ filling in production.',
    fix: 'Set `defaults.compatibility` for the platform (BACKWARD_TRANSITIVE is a good default) or `compatibility:` on the topic.',
    example: {
      bad: `- name: order.placed
  compatibility: NONE`,
      good: `- name: order.placed
  compatibility: FULL_TRANSITIVE`,
    },
  },
  check({ manifest }, report) {
    const fallback = manifest.defaults?.compatibility;
    manifest.topics.forEach((topic, i) => {
      const mode = topic.compatibility ?? fallback;
      if (mode && mode !== 'NONE') return;
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topic.compatibility ? topicAt(i, 'compatibility') : topicAt(i),
        message: mode
          ? `topic '${topic.name}' has compatibility NONE: no schema change is checked`
          : `topic '${topic.name}' has no compatibility mode (neither on the topic nor in defaults)`,
        hint: 'set compatibility: BACKWARD_TRANSITIVE (or FULL_TRANSITIVE)',
      });
    });
  },
});
