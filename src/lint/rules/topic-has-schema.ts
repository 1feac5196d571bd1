import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-has-schema',
    category: 'schema-governance',
    defaultSeverity: 'error',
    summary: 'A topic references a JSON Schema for its `detail` (`schema:`).',
    rationale:
      'The schema is the contract between producer and consumers. Without one, compatibility cannot be checked on a pull request, and none of the keys consumers rely on (idempotency, correlation, dedupe) can be checked to exist (AWS Well-Architected REL 2: validate events against an agreed schema).',
    fix: 'Write the schema (draft-07, 2019-09 or 2020-12) next to the manifest and add `schema: schemas/<topic>.json`.',
    example: {
      bad: `- name: order.placed
  bus: orders`,
      good: `- name: order.placed
  bus: orders
  schema: schemas/order-placed.json`,
    },
  },
  check({ manifest }, report) {
    manifest.topics.forEach((topic, i) => {
      if (topic.schema) return;
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topicAt(i),
        message: `topic '${topic.name}' has no schema`,
        hint: `add schema: schemas/${topic.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.json`,
      });
    });
  },
});
