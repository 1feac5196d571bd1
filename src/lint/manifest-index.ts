import type { Bus, Consumer, Manifest, Topic, Workflow } from '../manifest/model.js';

export interface Indexed<T> {
  value: T;
  index: number;
}

/** Lookups rules share, built once per run so that every rule stays linear in the manifest size. */
export interface ManifestIndex {
  /** First declaration of each name (duplicates are reported by `name-unique`). */
  topics: ReadonlyMap<string, Indexed<Topic>>;
  buses: ReadonlyMap<string, Indexed<Bus>>;
  consumers: ReadonlyMap<string, Indexed<Consumer>>;
  workflows: ReadonlyMap<string, Indexed<Workflow>>;
  /** Consumer indexes per subscribed topic name (known or not). */
  consumersByTopic: ReadonlyMap<string, readonly number[]>;
  /** Consumer indexes whose subscribed topics sit on the bus. */
  consumersByBus: ReadonlyMap<string, readonly number[]>;
}

function firstByName<T extends { name: string }>(list: readonly T[]): Map<string, Indexed<T>> {
  const map = new Map<string, Indexed<T>>();
  list.forEach((value, index) => {
    if (!map.has(value.name)) map.set(value.name, { value, index });
  });
  return map;
}

export function indexManifest(manifest: Manifest): ManifestIndex {
  const topics = firstByName(manifest.topics);
  const consumersByTopic = new Map<string, number[]>();
  const consumersByBus = new Map<string, number[]>();
  manifest.consumers.forEach((consumer, index) => {
    const buses = new Set<string>();
    for (const name of new Set(consumer.subscribes)) {
      let list = consumersByTopic.get(name);
      if (!list) consumersByTopic.set(name, (list = []));
      list.push(index);
      const bus = topics.get(name)?.value.bus;
      if (bus !== undefined) buses.add(bus);
    }
    for (const bus of buses) {
      let list = consumersByBus.get(bus);
      if (!list) consumersByBus.set(bus, (list = []));
      list.push(index);
    }
  });
  return {
    topics,
    buses: firstByName(manifest.buses),
    consumers: firstByName(manifest.consumers),
    workflows: firstByName(manifest.workflows ?? []),
    consumersByTopic,
    consumersByBus,
  };
}
