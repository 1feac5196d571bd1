import type { SubjectKind } from '../report/finding.js';
import { lookupEventPointer, type PointerVerdict } from './event-pointer.js';
import type { LintInput } from './lint-input.js';

/** A JSON pointer into events that the manifest relies on, with the topics whose events must carry it. */
export interface DeclaredKey {
  subject: { kind: SubjectKind; name: string };
  /** What the key is for, as a reader says it: `idempotency key`, `trace propagation`. */
  label: string;
  /** The pointer into the event, e.g. `/detail/orderId`. */
  key: string;
  /** Where the manifest declares it (the line annotations point at). */
  pointer: string;
  topics: readonly string[];
}

export interface KeyVerdict {
  topic: string;
  verdict: PointerVerdict;
}

/**
 * Every key the manifest declares: a consumer's idempotency, dedupe and correlation keys (in every
 * topic it subscribes to), a topic's correlation key, and the trace propagation field (in every topic).
 */
export function declaredKeys(input: LintInput): DeclaredKey[] {
  const { manifest, index } = input;
  const keys: DeclaredKey[] = [];
  manifest.consumers.forEach((consumer, i) => {
    const subject = { kind: 'consumer' as const, name: consumer.name };
    const topics = [...new Set(consumer.subscribes)].filter((name) => index.topics.has(name));
    const add = (label: string, key: string | undefined, pointer: string) => {
      if (key) keys.push({ subject, label, key, pointer, topics });
    };
    add('idempotency key', consumer.idempotency?.key, `/consumers/${i}/idempotency/key`);
    add('dedupe key', consumer.dedupe?.key, `/consumers/${i}/dedupe/key`);
    add('correlation key', consumer.correlation, `/consumers/${i}/correlation`);
  });
  const propagation = manifest.observability?.tracing?.propagation;
  manifest.topics.forEach((topic, i) => {
    if (index.topics.get(topic.name)?.index !== i) return;
    const subject = { kind: 'topic' as const, name: topic.name };
    if (topic.correlation) {
      keys.push({ subject, label: 'correlation key', key: topic.correlation, pointer: `/topics/${i}/correlation`, topics: [topic.name] });
    }
    if (propagation) {
      keys.push({ subject, label: 'trace propagation field', key: propagation, pointer: `/topics/${i}/schema`, topics: [topic.name] });
    }
  });
  return keys;
}

/** The verdict for `key` in each of its topics that has a loaded schema. */
export function keyVerdicts(input: LintInput, key: DeclaredKey): KeyVerdict[] {
  const verdicts: KeyVerdict[] = [];
  for (const topic of key.topics) {
    if (!input.schemas.has(topic)) continue;
    verdicts.push({ topic, verdict: lookupEventPointer(input.schemas.get(topic), key.key) });
  }
  return verdicts;
}

/** `'a' (schemas/a.json), 'b' (schemas/b.json)` */
export function describeTopics(input: LintInput, topics: readonly string[]): string {
  return topics.map((t) => `'${t}' (${input.schemaFiles.get(t) ?? 'no schema'})`).join(', ');
}

/** ` of consumer 'x'` for a consumer's keys; nothing for a topic's own keys (the topic is named anyway). */
export function ownerOf(key: DeclaredKey): string {
  return key.subject.kind === 'consumer' ? ` of consumer '${key.subject.name}'` : '';
}
