import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-has-owner',
    category: 'operability',
    defaultSeverity: 'warn',
    summary: 'A topic names its owning team (`owner`).',
    rationale:
      'Schema changes, compatibility exceptions and broken producers all need someone to ask. An event type without an owner is the one whose breaking change nobody can approve or roll back at 3 a.m.',
    fix: 'Add `owner: <team>` to the topic: the team that runs the producer.',
    example: {
      bad: `- name: order.placed
  bus: orders`,
      good: `- name: order.placed
  bus: orders
  owner: team-orders`,
    },
  },
  check({ manifest }, report) {
    manifest.topics.forEach((topic, i) => {
      if (topic.owner) return;
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topicAt(i),
        message: `topic '${topic.name}' has no owner`,
        hint: 'add owner: <team that runs the producer>',
      });
    });
  },
});
