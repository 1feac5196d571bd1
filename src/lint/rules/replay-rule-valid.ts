import { replayRuleName } from '../../ops/replay-rule.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

/** EventBridge's limit on rule names. */
const MAX_RULE_NAME = 64;

export default defineRule({
  meta: {
    id: 'replay-rule-valid',
    category: 'replay-readiness',
    defaultSeverity: 'error',
    summary: "An operational consumer's opt-in replay rule has a valid name of its own; `replayRule` is set only where it is used.",
    rationale:
      "Operational rules exclude replayed events, so approved replays reach an operational consumer through a companion rule (`<rule>-replay`, or `replayRule:`). A name over EventBridge's 64 characters fails only when `sandbox up` or a deployment creates it, and a name shared with another consumer's rule on the bus delivers that consumer's replays to the wrong queue. On a projection or workflow consumer `replayRule` does nothing, which hides a misunderstanding.",
    fix: 'Give the consumer a `replayRule:` of at most 64 characters that no other consumer uses as its rule, or remove `replayRule` from consumers that are not operational.',
    example: {
      bad: `- { name: billing-charge, class: operational, rule: billing-charge, replayRule: orders-read-model, ... }
- { name: orders-read-model, class: projection, rule: orders-read-model, replayRule: x, ... }`,
      good: `- { name: billing-charge, class: operational, rule: billing-charge, replayRule: billing-charge-replay, ... }
- { name: orders-read-model, class: projection, rule: orders-read-model, ... }`,
    },
  },
  check({ manifest, index }, report) {
    const busOf = (subscribes: readonly string[]) => subscribes.map((t) => index.topics.get(t)?.value.bus).find((b) => b !== undefined) ?? '';
    const rulesOnBus = new Map<string, string>();
    for (const consumer of manifest.consumers) {
      if (consumer.rule) rulesOnBus.set(`${busOf(consumer.subscribes)}\u0000${consumer.rule}`, consumer.name);
    }
    manifest.consumers.forEach((consumer, i) => {
      const subject = { kind: 'consumer' as const, name: consumer.name };
      const name = replayRuleName(consumer);
      if (name === undefined) {
        if (consumer.replayRule !== undefined) {
          report({
            subject,
            pointer: consumerAt(i, 'replayRule'),
            message: `consumer '${consumer.name}' is a ${consumer.class} consumer: its rule accepts replays, so replayRule '${consumer.replayRule}' is never used`,
            hint: 'remove replayRule (only operational consumers get an opt-in replay rule)',
          });
        }
        return;
      }
      const pointer = consumerAt(i, consumer.replayRule !== undefined ? 'replayRule' : 'rule');
      if (name.length > MAX_RULE_NAME) {
        report({
          subject,
          pointer,
          message: `the replay rule name '${name}' of consumer '${consumer.name}' is ${name.length} characters; EventBridge allows ${MAX_RULE_NAME}`,
          hint: `set a shorter replayRule: for this consumer, e.g. ${consumer.name.slice(0, MAX_RULE_NAME - 7)}-replay`,
        });
      }
      const owner = rulesOnBus.get(`${busOf(consumer.subscribes)}\u0000${name}`);
      if (owner !== undefined) {
        report({
          subject,
          pointer,
          message: `the replay rule '${name}' of consumer '${consumer.name}' is also the rule of consumer '${owner}' on the same bus`,
          hint: `give consumer '${consumer.name}' its own replayRule:, e.g. ${consumer.rule}-replay`,
        });
      }
    });
  },
});
