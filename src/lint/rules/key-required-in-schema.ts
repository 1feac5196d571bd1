import { declaredKeys, describeTopics, keyVerdicts, ownerOf } from '../declared-keys.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'key-required-in-schema',
    category: 'schema-governance',
    defaultSeverity: 'warn',
    summary: 'Every JSON pointer the manifest declares is a required field (at every level) in the schema of every topic it applies to.',
    rationale:
      'A key that the schema allows producers to leave out will, one day, be left out. The consumer then deduplicates on `undefined`: the first such event goes through and every later one is dropped as a duplicate, or the trace breaks. Making the field required lets `eventctl schema check` refuse the producer change instead.',
    fix: 'Add the field (and each parent object on the way) to the schema\'s `required` list.',
    example: {
      bad: `{ "properties": { "orderId": { "type": "string" } } }`,
      good: `{ "properties": { "orderId": { "type": "string" } }, "required": ["orderId"] }`,
    },
  },
  check(input, report) {
    for (const key of declaredKeys(input)) {
      const optional = keyVerdicts(input, key).filter((v) => v.verdict.kind === 'declared' && !v.verdict.required);
      if (optional.length === 0) continue;
      const topics = optional.map((v) => v.topic);
      const at = optional[0]!.verdict.kind === 'declared' ? optional[0]!.verdict.optionalAt : undefined;
      report({
        subject: key.subject,
        pointer: key.pointer,
        path: key.key,
        message: `${key.label} ${key.key}${ownerOf(key)} is optional in the schema of ${topics.length === 1 ? 'topic' : 'topics'} ${describeTopics(input, topics)}`,
        hint: at && at !== key.key ? `make ${at} (and the fields below it) required` : `add it to the schema's required list`,
      });
    }
  },
});
