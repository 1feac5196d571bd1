import type { Consumer, Manifest } from '../manifest/model.js';
import { readTouches } from './field-path.js';

/** A consumer a schema change reaches, and why: the `reads` pointers that touch the field, or all. */
export interface AffectedConsumer {
  name: string;
  owner?: string;
  class: Consumer['class'];
  /** The declared `reads` that touch the field; undefined when the consumer declares none (reads everything). */
  reads?: string[];
}

export interface ConsumerImpact {
  /** Consumers of the topic that read the changed field (or declare no `reads`). */
  affected: AffectedConsumer[];
  /** Consumers of the topic whose declared `reads` do not touch the field. */
  unaffected: string[];
}

/** The consumers subscribed to a topic, with the `reads` they declare for it (undefined = everything). */
export function consumersOf(manifest: Pick<Manifest, 'consumers'>, topic: string): Array<{ consumer: Consumer; reads?: readonly string[] }> {
  return manifest.consumers
    .filter((c) => c.subscribes.includes(topic))
    .map((consumer) => ({ consumer, reads: consumer.reads?.[topic] }));
}

/**
 * Who a change to `field` (a data location under `detail`, from `fieldOfSchemaPath`) reaches.
 * A consumer without `reads` for the topic is assumed to read everything: no false comfort.
 * `field` undefined means the whole contract (topic or schema removed).
 */
export function consumerImpact(manifest: Pick<Manifest, 'consumers'>, topic: string, field: readonly string[] | undefined): ConsumerImpact {
  const impact: ConsumerImpact = { affected: [], unaffected: [] };
  for (const { consumer, reads } of consumersOf(manifest, topic)) {
    const base = { name: consumer.name, owner: consumer.owner, class: consumer.class };
    if (reads === undefined) {
      impact.affected.push(base);
      continue;
    }
    if (field === undefined) {
      impact.affected.push({ ...base, reads: [...reads] });
      continue;
    }
    const touching = reads.filter((pointer) => readTouches(pointer, field));
    if (touching.length > 0) impact.affected.push({ ...base, reads: touching });
    else impact.unaffected.push(consumer.name);
  }
  return impact;
}

/** `billing (owner team-billing, reads /detail/amount), audit (no owner, reads everything)`. */
export function describeConsumers(affected: readonly AffectedConsumer[]): string {
  return affected
    .map((c) => `${c.name} (${c.owner ? `owner ${c.owner}` : 'no owner'}, ${c.reads ? `reads ${c.reads.join(', ')}` : 'reads everything: no `reads` declared'})`)
    .join('; ');
}

/** The distinct owners to talk to, for hints. */
export function ownersOf(affected: readonly AffectedConsumer[]): string[] {
  return [...new Set(affected.map((c) => c.owner).filter((o): o is string => o !== undefined))].sort();
}
