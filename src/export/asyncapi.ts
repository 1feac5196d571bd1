import { declaredObligations } from '../manifest/class-obligations.js';
import type { Consumer, LoadedSchema, Manifest } from '../manifest/model.js';
import { guardsReplays } from '../ops/event-pattern.js';
import { replayRuleName } from '../ops/replay-rule.js';

/**
 * The manifest as an AsyncAPI 3.0 document, so EventCatalog, AsyncAPI Studio and code generators
 * read the platform from the same source of truth. Pure: manifest and loaded schemas in, a plain
 * object out.
 *
 * - a channel per topic (address `<bus>/<source>/<detail-type>`), with its one message;
 * - the message payload is the topic's JSON Schema, stored under components/schemas with its
 *   local `$ref`s rewritten to point there (`#/$defs/x` would otherwise resolve against the
 *   AsyncAPI document's root);
 * - a `send` operation per topic (the producer) and a `receive` operation per consumer and topic,
 *   with the class and the class's obligations as `x-eventctl-*` extensions.
 */
export interface AsyncApiOptions {
  /** info.version: the manifest has no version of its own. */
  version: string;
  /** Repository-relative manifest path, for the description. */
  manifestPath: string;
}

type Json = Record<string, unknown>;

/** Component and channel ids: AsyncAPI allows [A-Za-z0-9_.-]. */
export function asyncApiId(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export function buildAsyncApi(manifest: Manifest, schemas: ReadonlyMap<string, LoadedSchema>, options: AsyncApiOptions): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const componentSchemas: Json = {};
  const topics = new Map(manifest.topics.map((t) => [t.name, t]));

  for (const topic of manifest.topics) {
    const id = asyncApiId(topic.name);
    const schema = schemas.get(topic.name);
    const payloadRef = schema ? { $ref: `#/components/schemas/${id}` } : undefined;
    if (schema) componentSchemas[id] = embedSchema(schema.document, `#/components/schemas/${id}`);
    messages[id] = compact({
      name: topic.detailType,
      title: topic.name,
      summary: topic.description,
      contentType: 'application/json',
      payload: payloadRef,
      correlationId: topic.correlation ? { location: `$message.payload#${topic.correlation.replace(/^\/detail/, '')}` } : undefined,
      'x-eventctl-schema': topic.schema ?? null,
      'x-eventctl-compatibility': topic.compatibility ?? manifest.defaults?.compatibility,
      'x-eventctl-version': topic.version,
    });
    channels[id] = compact({
      address: `${topic.bus}/${topic.source}/${topic.detailType}`,
      title: topic.name,
      description: `EventBridge bus ${topic.bus}: source ${topic.source}, detail-type ${topic.detailType}`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      'x-eventbridge': { bus: topic.bus, source: topic.source, detailType: topic.detailType },
      'x-eventctl-owner': topic.owner,
    });
    operations[`publish.${id}`] = compact({
      action: 'send',
      title: `${topic.owner ?? 'producer'} publishes ${topic.name}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      'x-eventctl-owner': topic.owner,
    });
  }

  for (const consumer of manifest.consumers) {
    const subscribed = consumer.subscribes.filter((name) => topics.has(name));
    for (const name of subscribed) {
      const id = asyncApiId(name);
      const opId = subscribed.length === 1 ? asyncApiId(consumer.name) : `${asyncApiId(consumer.name)}.${id}`;
      operations[opId] = compact({
        action: 'receive',
        title: `${consumer.name} (${consumer.class}) receives ${name}`,
        summary: consumer.description,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
        'x-eventctl-consumer': consumer.name,
        'x-eventctl-class': consumer.class,
        'x-eventctl-owner': consumer.owner,
        'x-eventctl-obligations': compact(declaredObligations(consumer)),
        'x-eventctl-delivery': delivery(consumer),
      });
    }
  }

  return {
    asyncapi: '3.0.0',
    info: compact({
      title: manifest.platform,
      version: options.version,
      description: `Event platform ${manifest.platform}, exported by eventctl from ${options.manifestPath}. Channels are EventBridge (bus, source, detail-type) pairs; receive operations are consumers with their class and obligations.`,
      'x-eventctl-account': manifest.aws?.account,
      'x-eventctl-region': manifest.aws?.region,
    }),
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: componentSchemas },
  };
}

function delivery(consumer: Consumer): Json {
  return compact({
    rule: consumer.rule,
    queue: consumer.queue,
    dlq: consumer.dlq,
    maxReceiveCount: consumer.maxReceiveCount,
    replays: guardsReplays(consumer) ? 'excluded (only eventctl-approved replays, via the replay rule)' : 'accepted',
    replayRule: replayRuleName(consumer),
  });
}

/**
 * A copy of a topic's schema that stands inside the AsyncAPI document at `base`: local `$ref`s
 * (`#/...`) are re-rooted there; `$schema` and `$id` move to `x-` keys (a nested `$id` would change
 * the base URI the parser resolves against).
 */
export function embedSchema(schema: unknown, base: string): unknown {
  const walk = (node: unknown, top: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) out[key] = `${base}${value.slice(1)}`;
      else if ((key === '$schema' || key === '$id') && typeof value === 'string') out[top ? `x-json-schema-${key.slice(1)}` : key] = value;
      else out[key] = walk(value, false);
    }
    return out;
  };
  return walk(schema, true);
}

/** Drops undefined fields so the YAML has no `key: null` noise. */
function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

