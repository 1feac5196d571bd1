import type { Bus, Manifest, Topic } from '../manifest/model.js';

/**
 * The part of a many-account platform that lives in one account, as a manifest of its own, so
 * the single-account machinery (sandbox plan, drift, lag, dlq list) runs on it unchanged.
 * A spoke consumer's hub topics appear on the spoke bus that receives them (`forwardFrom`):
 * that is where its rule lives.
 */
export interface AccountProjection {
  alias: string;
  manifest: Manifest;
  /** A pointer into the projection → the same part of the whole manifest (for file:line). */
  toPlatformPointer(pointer: string): string;
}

export function projectAccount(manifest: Manifest, alias: string, soleAccount: boolean): AccountProjection {
  const inAccount = (account: string | undefined) => (account === undefined ? soleAccount : account === alias);
  const busIndex: number[] = [];
  const buses: Bus[] = [];
  manifest.buses.forEach((bus, i) => {
    if (!inAccount(bus.account)) return;
    buses.push(bus);
    busIndex.push(i);
  });
  const local = new Set(buses.map((b) => b.name));
  const spokeOf = new Map(buses.filter((b) => b.forwardFrom).map((b) => [b.forwardFrom!, b.name]));

  const consumerIndex: number[] = [];
  const consumers = manifest.consumers.filter((consumer, i) => {
    if (!inAccount(consumer.account)) return false;
    consumerIndex.push(i);
    return true;
  });
  const subscribed = new Set(consumers.flatMap((c) => c.subscribes));

  const topicIndex: number[] = [];
  const topics: Topic[] = [];
  manifest.topics.forEach((topic, i) => {
    if (local.has(topic.bus)) {
      topics.push(topic);
      topicIndex.push(i);
    } else if (subscribed.has(topic.name) && spokeOf.has(topic.bus)) {
      topics.push({ ...topic, bus: spokeOf.get(topic.bus)! });
      topicIndex.push(i);
    }
  });

  const maps: Record<string, number[]> = { buses: busIndex, consumers: consumerIndex, topics: topicIndex };
  return {
    alias,
    manifest: { ...manifest, buses, topics, consumers },
    toPlatformPointer: (pointer) =>
      pointer.replace(/^\/(buses|consumers|topics)\/(\d+)/, (whole, section: string, index: string) => {
        const original = maps[section]![Number(index)];
        return original === undefined ? whole : `/${section}/${original}`;
      }),
  };
}
