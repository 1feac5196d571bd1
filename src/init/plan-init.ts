import type { Consumer, ConsumerClass, Manifest, Workflow } from '../manifest/model.js';

/** What `init` needs to know; every field has been asked for or given as a flag. */
export interface InitAnswers {
  platform: string;
  buses: string[];
  topic: string;
  source: string;
  detailType: string;
  /** The event's identifying field (e.g. `orderId`): schema property, idempotency/correlation key. */
  keyField: string;
  owner: string;
  consumer: string;
  consumerClass: ConsumerClass;
  /** Operational: what a repeated event would do again (payments-api, email…). */
  sideEffects: string[];
  /** Workflow: the state machine it starts. */
  workflow?: string;
  region?: string;
  account?: string;
}

export interface InitFiles {
  manifest: Manifest;
  /** Path of the schema file relative to the manifest, and its content. */
  schemaPath: string;
  schema: Record<string, unknown>;
}

/** `order.placed` → `OrderPlaced`. */
export function detailTypeFor(topic: string): string {
  return topic
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `order.placed` → `orderId`. */
export function keyFieldFor(topic: string): string {
  const first = topic.split(/[^A-Za-z0-9]+/).find(Boolean) ?? 'event';
  return `${first[0]!.toLowerCase()}${first.slice(1)}Id`;
}

/**
 * The manifest and first schema for a new platform. Pure. The consumer gets every obligation its
 * class brings, filled with safe starting values the team then tunes (lint lists what is left).
 */
export function planInit(a: InitAnswers): InitFiles {
  const schemaPath = `schemas/${a.topic.replace(/[^A-Za-z0-9._-]/g, '-')}.json`;
  const key = `/detail/${a.keyField}`;
  const consumer: Consumer = {
    name: a.consumer,
    class: a.consumerClass,
    owner: a.owner,
    subscribes: [a.topic],
    rule: a.consumer,
    queue: a.consumer,
    dlq: `${a.consumer}-dlq`,
    maxReceiveCount: 5,
  };
  const workflows: Workflow[] = [];
  switch (a.consumerClass) {
    case 'operational':
      consumer.idempotency = { key, windowHours: 720 };
      consumer.sideEffects = a.sideEffects.length > 0 ? a.sideEffects : ['TODO-name-the-side-effect'];
      consumer.lag = { maxAgeSeconds: 300 };
      break;
    case 'projection':
      consumer.rebuildable = true;
      consumer.lag = { maxAgeSeconds: 900 };
      break;
    case 'workflow': {
      const name = a.workflow ?? a.consumer;
      consumer.workflow = name;
      consumer.correlation = key;
      consumer.dedupe = { key, windowHours: 720 };
      consumer.lag = { maxAgeSeconds: 300 };
      workflows.push({ name, engine: 'stepfunctions', stateMachine: name });
      break;
    }
  }
  const bus = a.buses[0]!;
  const manifest: Manifest = {
    apiVersion: 'eventctl/v1',
    platform: a.platform,
    ...(a.region || a.account ? { aws: { ...(a.region ? { region: a.region } : {}), ...(a.account ? { account: a.account } : {}) } } : {}),
    defaults: { compatibility: 'BACKWARD_TRANSITIVE', policy: 'strict' },
    buses: a.buses.map((name) => ({ name, archive: { name: `${name}-archive`, retentionDays: 30 } })),
    topics: [
      {
        name: a.topic,
        bus,
        source: a.source,
        detailType: a.detailType,
        schema: schemaPath,
        owner: a.owner,
        correlation: key,
      },
    ],
    consumers: [consumer],
    ...(workflows.length > 0 ? { workflows } : {}),
    observability: { tracing: { propagation: '/detail/traceparent' }, lagAlarms: true },
  };
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: a.detailType,
    description: `The detail of ${a.topic} events (source ${a.source}). A skeleton: add the fields producers send.`,
    type: 'object',
    required: [a.keyField, 'traceparent'],
    properties: {
      [a.keyField]: { type: 'string', description: 'Identifies the entity; idempotency and correlation key.' },
      traceparent: { type: 'string', description: 'W3C trace context of the producer.' },
    },
  };
  return { manifest, schemaPath, schema };
}
