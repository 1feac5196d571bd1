/**
 * Malformed DLQ events grouped by topic and reason, so a DLQ of 500 events broken the same way
 * reads as one line with a count rather than 500 lines; events that could not be checked (no
 * topic of the manifest matches them) are grouped the same way. The reason is the event's first schema
 * error with array positions in its path generalised (`/detail/lines/3/sku` and
 * `/detail/lines/0/sku` are one reason: `/detail/lines/*\/sku`).
 */
export interface MalformedGroup {
  /** The topic the event claims (source / detail-type); null when it names none or is not JSON. */
  topic: string | null;
  reason: string;
  count: number;
  /** In the order the messages were read. */
  messageIds: string[];
}

export interface CheckedMessage {
  messageId: string;
  topic: string | null;
  /** false: malformed; true and null (not checked) are not grouped here. */
  valid: boolean | null;
  errors: readonly string[];
}

/** Largest group first; ties by topic (unknown last), then reason, in code-point order so every machine agrees. */
export function groupMalformed(messages: readonly CheckedMessage[]): MalformedGroup[] {
  return groupByReason(messages.filter((m) => m.valid === false));
}

/** The events not checked (`valid: null`), grouped and ordered as groupMalformed does. */
export function groupUnchecked(messages: readonly CheckedMessage[]): MalformedGroup[] {
  return groupByReason(messages.filter((m) => m.valid === null));
}

function groupByReason(messages: readonly CheckedMessage[]): MalformedGroup[] {
  const groups = new Map<string, MalformedGroup>();
  for (const m of messages) {
    const reason = reasonOf(m.errors[0]);
    const key = JSON.stringify([m.topic, reason]);
    const group = groups.get(key) ?? { topic: m.topic, reason, count: 0, messageIds: [] };
    group.count += 1;
    group.messageIds.push(m.messageId);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || compareTopics(a.topic, b.topic) || compareText(a.reason, b.reason),
  );
}

function reasonOf(error: string | undefined): string {
  if (error === undefined || error === '') return 'invalid';
  const [path, ...rest] = error.split(' ');
  if (!path!.startsWith('/')) return error;
  return [path!.replace(/\/\d+(?=\/|$)/g, '/*'), ...rest].join(' ');
}

function compareTopics(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
