import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

/** A target DLQ is a queue too: shared, it mixes two consumers' failures. */
const FIELDS = ['rule', 'queue', 'dlq', 'target/deadLetter'] as const;

export default defineRule({
  meta: {
    id: 'consumer-resources-unique',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'No two consumers share an EventBridge rule (on the same bus), a queue, a DLQ or a target DLQ, and no queue is also a DLQ.',
    rationale:
      'A shared queue means two consumers compete for the same messages, so each sees only some of them. A shared DLQ mixes failures, so a redrive approved for a projection also reaches an operational consumer. A shared rule name on one bus means one deployment overwrites the other.',
    fix: 'Give each consumer its own rule, queue and DLQ (the consumer name with a `-dlq` suffix is the usual convention).',
    example: {
      bad: `- { name: billing-charge, queue: billing, dlq: shared-dlq, ... }
- { name: refund-processor, queue: refunds, dlq: shared-dlq, ... }`,
      good: `- { name: billing-charge, queue: billing-charge, dlq: billing-charge-dlq, ... }
- { name: refund-processor, queue: refund-processor, dlq: refund-processor-dlq, ... }`,
    },
  },
  check({ manifest, index }, report) {
    const owners = new Map<string, { consumer: string; field: string }>();
    manifest.consumers.forEach((consumer, i) => {
      const bus = consumer.subscribes.map((t) => index.topics.get(t)?.value.bus).find((b) => b !== undefined) ?? '';
      for (const field of FIELDS) {
        const name = field === 'target/deadLetter' ? consumer.target?.deadLetter : consumer[field];
        if (!name) continue;
        // Rules are named per bus; queues (and DLQs, which are queues) per account and region.
        const key = field === 'rule' ? `rule\u0000${bus}\u0000${name}` : `queue\u0000${name}`;
        const earlier = owners.get(key);
        if (!earlier) {
          owners.set(key, { consumer: consumer.name, field });
          continue;
        }
        const what = field === 'rule' ? `EventBridge rule '${name}'${bus ? ` on bus '${bus}'` : ''}` : `queue '${name}'`;
        const same = earlier.consumer === consumer.name;
        report({
          subject: { kind: 'consumer', name: consumer.name },
          pointer: consumerAt(i, field),
          message: same
            ? `consumer '${consumer.name}' uses ${what} as both its ${earlier.field} and its ${field}`
            : `${what}, the ${field} of consumer '${consumer.name}', is already the ${earlier.field} of consumer '${earlier.consumer}'`,
          hint: field === 'rule' ? `name the rule after the consumer: ${consumer.name}` : `give it its own ${field}, e.g. ${consumer.name}${field === 'dlq' ? '-dlq' : field === 'target/deadLetter' ? '-target-dlq' : ''}`,
        });
      }
    });
  },
});
