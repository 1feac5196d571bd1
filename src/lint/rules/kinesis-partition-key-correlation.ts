import { targetOf } from '../../manifest/consumer-target.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'kinesis-partition-key-correlation',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    summary: "A Kinesis target's partition key is the correlation key of what it carries.",
    rationale:
      'Kinesis orders records within a shard only, and the partition key picks the shard. Without a declared key EventBridge uses the event id, which spreads one order\'s events over every shard, so a projection can apply "shipped" before "placed".',
    fix: "Set `target.partitionKey` to the consumer's correlation key (or, without one, the subscribed topics' shared correlation key).",
    example: {
      bad: `- name: order-stream
  target: { kind: kinesis, stream: order-events }`,
      good: `- name: order-stream
  correlation: /detail/orderId
  target: { kind: kinesis, stream: order-events, partitionKey: /detail/orderId }`,
    },
  },
  check({ manifest, index }, report) {
    manifest.consumers.forEach((consumer, i) => {
      const target = targetOf(consumer);
      if (target?.kind !== 'kinesis') return;
      const topicKeys = new Set(consumer.subscribes.map((t) => index.topics.get(t)?.value.correlation));
      const shared = topicKeys.size === 1 ? [...topicKeys][0] : undefined;
      const correlation = consumer.correlation ?? shared;
      const key = target.declared?.partitionKey;
      if (key !== undefined && (correlation === undefined || key === correlation)) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, key === undefined ? 'target' : 'target/partitionKey'),
        message:
          key === undefined
            ? `Kinesis target ${target.resource} of consumer '${consumer.name}' declares no partition key: events of one ${correlation ?? 'entity'} land on any shard, out of order`
            : `Kinesis target ${target.resource} of consumer '${consumer.name}' is partitioned by ${key}, not the correlation key ${correlation}`,
        hint: `set partitionKey: ${correlation ?? '<correlation pointer>'} under target:`,
      });
    });
  },
});
