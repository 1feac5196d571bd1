import { targetOf } from '../../manifest/consumer-target.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

/** Fields that belong to one target kind only. */
const KIND_FIELDS = {
  lambda: ['function'],
  stepfunctions: ['stateMachine', 'type', 'executionName'],
  kinesis: ['stream', 'partitionKey'],
  sns: ['topic'],
  'api-destination': ['apiDestination'],
  eventbus: ['eventBus'],
  sqs: [],
} as const;

export default defineRule({
  meta: {
    id: 'target-kind-consistent',
    category: 'routing',
    defaultSeverity: 'error',
    summary: "A consumer's target fields match its kind: a queue only for SQS, each kind's own resource fields, a rule to deliver it.",
    rationale:
      'sandbox, drift, lag and redrive read the target by its kind. A Lambda consumer that also names a queue, or a Kinesis field on a state machine target, is a manifest nobody can tell the truth of: one of the two is not deployed, and the tools would check the wrong one.',
    fix: 'Keep only the fields of the declared `target.kind` (`queue`, `dlq` and `maxReceiveCount` are the SQS form); give a target a `rule:`, and a stream consumer (`readsStream:`) no rule of its own.',
    example: {
      bad: `- name: receipt-mailer
  queue: receipt-mailer
  target: { kind: lambda, function: receipt-mailer, stream: x }`,
      good: `- name: receipt-mailer
  rule: receipt-mailer
  target: { kind: lambda, function: receipt-mailer }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      const subject = { kind: 'consumer' as const, name: consumer.name };
      const declared = consumer.target;
      if (declared) {
        if (declared.kind === 'sqs' && !consumer.queue) {
          report({ subject, pointer: consumerAt(i, 'target'), message: `consumer '${consumer.name}' has an sqs target but no queue`, hint: 'add queue: <name>' });
        }
        if (declared.kind !== 'sqs') {
          for (const field of ['queue', 'dlq', 'maxReceiveCount'] as const) {
            if (consumer[field] === undefined) continue;
            report({
              subject,
              pointer: consumerAt(i, field),
              message: `consumer '${consumer.name}' has a ${declared.kind} target but also declares ${field}: (the SQS form)`,
              hint: field === 'dlq' ? 'use target.deadLetter for the EventBridge target DLQ' : `remove ${field}:, or make the target kind sqs`,
            });
          }
        }
        for (const [kind, fields] of Object.entries(KIND_FIELDS)) {
          if (kind === declared.kind) continue;
          for (const field of fields) {
            if (declared[field] === undefined) continue;
            report({ subject, pointer: consumerAt(i, `target/${field}`), message: `target field '${field}' belongs to ${kind} targets, not ${declared.kind}`, hint: `remove ${field}:` });
          }
        }
        if (targetOf(consumer) && !consumer.rule) {
          report({ subject, pointer: consumerAt(i, 'target'), message: `consumer '${consumer.name}' declares a ${declared.kind} target but no rule delivers to it`, hint: `add rule: ${consumer.name}` });
        }
      }
      if (consumer.readsStream && consumer.rule) {
        report({ subject, pointer: consumerAt(i, 'readsStream'), message: `stream consumer '${consumer.name}' reads ${consumer.readsStream} and also has rule ${consumer.rule}`, hint: 'a stream consumer is fed by the stream; the rule belongs to the consumer whose target is the stream' });
      }
    });
  },
});
