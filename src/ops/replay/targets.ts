import { UsageError } from '../../errors.js';
import type { ConsumerClass, Manifest } from '../../manifest/model.js';
import { replayRuleName } from '../replay-rule.js';
import { ruleNameOfArn } from './arn.js';

/**
 * Which rules a replay reaches: the consumers the operator named, mapped through the manifest to
 * one bus, its archive, and one rule per consumer. "All rules" is never an option, so an empty
 * list is an error, not a default. An operational consumer's own rule excludes replayed events,
 * so its replay goes to its opt-in replay rule (`<rule>-replay`, see ops/replay-rule.ts).
 */
export interface ReplayTargetSpec {
  consumer: string;
  class: ConsumerClass;
  /** Rule name on `bus` the replay is filtered to (FilterArns). */
  rule: string;
  /** The consumer's own rule (`rule:`): the same as `rule` unless `rule` is its opt-in replay rule. */
  consumerRule: string;
}

export interface ReplayScope {
  bus: string;
  /** The archive the manifest declares for the bus, if any. */
  archive?: string;
  targets: ReplayTargetSpec[];
}

export function resolveReplayScope(manifest: Manifest, consumers: readonly string[], options: { bus?: string } = {}): ReplayScope {
  if (consumers.length === 0) {
    throw new UsageError('name at least one consumer to replay to', { hint: 'a replay always names its target rules; "all rules" is not an option' });
  }
  const byName = new Map(manifest.consumers.map((c) => [c.name, c]));
  const topicBus = new Map(manifest.topics.map((t) => [t.name, t.bus]));
  const unknown = consumers.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown consumer${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hint: `consumers in the manifest: ${manifest.consumers.map((c) => c.name).join(', ')}`,
    });
  }
  const duplicates = consumers.filter((name, i) => consumers.indexOf(name) !== i);
  if (duplicates.length > 0) throw new UsageError(`consumer named twice: ${[...new Set(duplicates)].join(', ')}`);

  const busesOf = new Map<string, string[]>();
  for (const name of consumers) {
    const consumer = byName.get(name)!;
    if (!consumer.rule) {
      throw new UsageError(`consumer ${name} declares no EventBridge rule, so a replay cannot reach it`, { hint: 'add `rule:` to the consumer in the manifest' });
    }
    busesOf.set(name, [...new Set(consumer.subscribes.flatMap((t) => (topicBus.has(t) ? [topicBus.get(t)!] : [])))].sort());
  }
  let bus = options.bus;
  if (bus === undefined) {
    const all = [...new Set([...busesOf.values()].flat())].sort();
    const common = all.filter((b) => [...busesOf.values()].every((list) => list.includes(b)));
    if (common.length !== 1) {
      throw new UsageError(
        common.length === 0
          ? `the consumers are on different buses (${consumers.map((c) => `${c}: ${busesOf.get(c)!.join('+') || 'none'}`).join(', ')}); a replay goes back to one bus`
          : `the consumers subscribe on several buses (${common.join(', ')}); pick one with --bus`,
        { hint: 'plan one replay per bus' },
      );
    }
    bus = common[0]!;
  } else if (!manifest.buses.some((b) => b.name === bus)) {
    throw new UsageError(`unknown bus ${bus}`, { hint: `buses in the manifest: ${manifest.buses.map((b) => b.name).join(', ')}` });
  }
  const off = consumers.filter((c) => !busesOf.get(c)!.includes(bus!));
  if (off.length > 0) throw new UsageError(`${off.join(', ')} subscribe${off.length === 1 ? 's' : ''} to no topic on bus ${bus}`);
  const archive = manifest.buses.find((b) => b.name === bus)?.archive?.name;
  return {
    bus,
    ...(archive ? { archive } : {}),
    targets: consumers.map((name) => {
      const c = byName.get(name)!;
      return { consumer: name, class: c.class, rule: replayRuleName(c) ?? c.rule!, consumerRule: c.rule! };
    }),
  };
}

/**
 * The rule whose MatchedEvents estimate what a replay re-delivers to a plan target: the consumer's
 * own rule when the plan names its opt-in replay rule (that one matches only replays, so its
 * metrics say nothing about the archived window), otherwise the planned rule itself.
 */
export function estimateRuleOf(manifest: Manifest, target: { consumer: string; ruleArn: string }): { busName: string; name: string } {
  const planned = ruleNameOfArn(target.ruleArn);
  const consumer = manifest.consumers.find((c) => c.name === target.consumer);
  if (consumer?.rule && replayRuleName(consumer) === planned.name) return { busName: planned.busName, name: consumer.rule };
  return planned;
}
