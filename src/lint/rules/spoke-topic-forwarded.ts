import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'spoke-topic-forwarded',
    category: 'routing',
    defaultSeverity: 'error',
    summary: "A consumer subscribing to another account's topic has a bus in its own account that the topic's bus forwards to.",
    rationale:
      "EventBridge rules only see events on their own bus, and a bus lives in one account. A consumer in a domain account receives a hub topic only through a forwarding rule from the hub bus to a bus in the consumer's account; without that bus the consumer's rule has nowhere to live and the consumer silently gets nothing.",
    fix: "Declare a bus in the consumer's account with `forwardFrom: <the topic's bus>` (eventctl then derives the forwarding rule, its pattern and the bus policy), or move the consumer to the topic's account.",
    example: {
      bad: `buses: [{ name: platform, account: hub }]
consumers:
  - { name: invoice-writer, account: billing, subscribes: [order.placed], ... }`,
      good: `buses:
  - { name: platform, account: hub }
  - { name: billing-inbound, account: billing, forwardFrom: platform }`,
    },
  },
  check({ manifest, index }, report) {
    if (!manifest.environments) return;
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.account === undefined) return;
      consumer.subscribes.forEach((name, k) => {
        const topic = index.topics.get(name)?.value;
        const home = topic ? index.buses.get(topic.bus)?.value : undefined;
        if (!topic || !home || home.account === undefined || home.account === consumer.account) return;
        const spoke = manifest.buses.find((b) => b.account === consumer.account && b.forwardFrom === home.name);
        if (spoke) return;
        report({
          subject: { kind: 'consumer', name: consumer.name },
          pointer: consumerAt(i, `subscribes/${k}`),
          message: `consumer '${consumer.name}' (account ${consumer.account}) subscribes to '${name}' on bus '${home.name}' (account ${home.account}), but no bus in ${consumer.account} forwards from '${home.name}'`,
          hint: `add a bus { name: ${consumer.account}-inbound, account: ${consumer.account}, forwardFrom: ${home.name} }`,
        });
      });
    });
  },
});
