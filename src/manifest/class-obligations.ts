import type { Consumer, ConsumerClass } from './model.js';

/**
 * What each consumer class owes the platform, as manifest fields: the lint rules enforce them;
 * `init` asks for them, `export asyncapi` and `graph` show them. One list, so the three agree.
 */
export interface Obligation {
  /** The manifest field of the consumer that carries it. */
  field: keyof Consumer;
  /** One line, for prompts and legends. */
  summary: string;
}

export const CLASS_OBLIGATIONS = {
  operational: [
    { field: 'idempotency', summary: 'idempotency key and window: a redelivered or replayed event must not repeat a side effect' },
    { field: 'sideEffects', summary: 'the side effects it causes (payments, e-mail, …): what a replay would repeat' },
    { field: 'dlq', summary: 'a DLQ with a bounded maxReceiveCount: failures are kept, not retried forever' },
    { field: 'lag', summary: 'a lag SLO (maxAgeSeconds): an operational backlog is an incident' },
  ],
  projection: [
    { field: 'rebuildable', summary: 'rebuildable from the archive: a replay or a rebuild restores it' },
  ],
  workflow: [
    { field: 'workflow', summary: 'the workflow (state machine) it starts or advances' },
    { field: 'correlation', summary: 'the correlation key that ties an event to one workflow instance' },
    { field: 'dedupe', summary: 'a dedupe key and window: the same event never starts two instances' },
  ],
} as const satisfies Record<ConsumerClass, readonly Obligation[]>;

/** The consumer's declared values for its class's obligations (undefined when missing). */
export function declaredObligations(consumer: Consumer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field } of CLASS_OBLIGATIONS[consumer.class]) {
    const value = consumer[field];
    out[field] = value;
  }
  if (consumer.class === 'operational' && consumer.maxReceiveCount !== undefined) out.maxReceiveCount = consumer.maxReceiveCount;
  return out;
}
