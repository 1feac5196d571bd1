import { declaredKeys, describeTopics, keyVerdicts, ownerOf } from '../declared-keys.js';
import { lookupEventPointer } from '../event-pointer.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'key-exists-in-schema',
    category: 'schema-governance',
    defaultSeverity: 'error',
    summary:
      'Every JSON pointer the manifest declares (idempotency, dedupe and correlation keys, the trace propagation field) exists in the schema of every topic it applies to.',
    rationale:
      'A consumer deduplicates, correlates or traces by reading a field from each event. If a subscribed topic\'s events do not have that field, the key is undefined at runtime: every event looks like the same one (all deduplicated away) or like a new one (nothing deduplicated). Pointers under `/detail` are looked up in the topic schema; envelope fields (`/id`, `/source`, `/time`, `/detail-type`, `/account`, `/region`, `/resources`) always exist.',
    fix: 'Add the field to the topic\'s schema (under `properties`, and to `required`), or choose a key that every subscribed topic carries.',
    example: {
      bad: `# schemas/order-shipped.json has shipmentId but no orderId
- name: shipping-notifier
  subscribes: [order.shipped]
  idempotency: { key: /detail/orderId, windowHours: 720 }`,
      good: `- name: shipping-notifier
  subscribes: [order.shipped]
  idempotency: { key: /detail/shipmentId, windowHours: 720 }`,
    },
  },
  check(input, report) {
    for (const key of declaredKeys(input)) {
      if (!key.key.startsWith('/detail/') && key.key !== '/detail') {
        const verdict = lookupEventPointer(undefined, key.key);
        if (verdict.kind === 'missing') {
          report({
            subject: key.subject,
            pointer: key.pointer,
            path: key.key,
            message: `${key.label} ${key.key}${ownerOf(key)} is neither under /detail nor an EventBridge envelope field`,
            hint: 'point into the event detail (/detail/<field>) or at an envelope field such as /id',
          });
        }
        continue;
      }
      const missing = keyVerdicts(input, key).filter((v) => v.verdict.kind === 'missing');
      if (missing.length === 0) continue;
      const topics = missing.map((v) => v.topic);
      report({
        subject: key.subject,
        pointer: key.pointer,
        path: key.key,
        message: `${key.label} ${key.key}${ownerOf(key)} is not in the schema of ${topics.length === 1 ? 'topic' : 'topics'} ${describeTopics(input, topics)}`,
        hint: `add ${fieldName(key.key)} to ${topics.length === 1 ? 'that schema' : 'those schemas'} (properties and required), or choose a key every subscribed topic carries`,
      });
    }
  },
});

function fieldName(pointer: string): string {
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  return `'${last.replace(/~1/g, '/').replace(/~0/g, '~')}'`;
}
