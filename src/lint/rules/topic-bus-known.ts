import { closest } from '../../text/closest.js';
import { topicAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'topic-bus-known',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'Every topic\'s `bus` is declared under `buses:`.',
    rationale:
      'The bus decides where the topic\'s events are archived and which rules can see them. A topic on an undeclared bus has no archive and cannot be replayed, and consumers\' rules end up on a bus nobody created.',
    fix: 'Correct the bus name, or declare the bus under `buses:` (with its archive).',
    example: {
      bad: `buses: [{ name: orders }]
topics:
  - { name: order.placed, bus: order, ... }`,
      good: `buses: [{ name: orders }]
topics:
  - { name: order.placed, bus: orders, ... }`,
    },
  },
  check({ manifest, index }, report) {
    const names = [...index.buses.keys()];
    manifest.topics.forEach((topic, i) => {
      if (index.buses.has(topic.bus)) return;
      const suggestion = closest(topic.bus, names);
      report({
        subject: { kind: 'topic', name: topic.name },
        pointer: topicAt(i, 'bus'),
        message: `topic '${topic.name}' is on bus '${topic.bus}', which is not declared under buses:`,
        hint: suggestion ? `did you mean '${suggestion}'?` : 'declare the bus under buses:',
      });
    });
  },
});
