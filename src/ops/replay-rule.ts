import type { Consumer } from '../manifest/model.js';
import { guardsReplays } from './event-pattern.js';

/**
 * The opt-in replay rule of an operational consumer: a companion of its rule on the same bus,
 * with the same topics and targets, that matches only eventctl's replays (see event-pattern.ts).
 * `replay plan` names it in FilterArns, because the consumer's own rule excludes every replay.
 */
export const REPLAY_RULE_SUFFIX = '-replay';

/** `replayRule:` from the manifest, else `<rule>-replay`; undefined for consumers whose rule accepts replays. */
export function replayRuleName(consumer: Pick<Consumer, 'class' | 'rule' | 'replayRule'>): string | undefined {
  if (!consumer.rule || !guardsReplays(consumer)) return undefined;
  return consumer.replayRule ?? `${consumer.rule}${REPLAY_RULE_SUFFIX}`;
}
