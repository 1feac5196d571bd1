import { isPushTarget, targetOf } from '../../manifest/consumer-target.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

/** EventBridge's defaults: 185 attempts over 24 hours, i.e. not a decision anyone made. */
const DEFAULT_ATTEMPTS = 185;
const DEFAULT_EVENT_AGE = 86_400;

export default defineRule({
  meta: {
    id: 'target-has-dlq-and-retry',
    category: 'failure-containment',
    defaultSeverity: 'error',
    classes: ['operational', 'workflow'],
    summary: 'An operational or workflow consumer whose target is not a queue has a target DLQ and a bounded retry policy.',
    rationale:
      'For a Lambda, Step Functions, Kinesis, SNS, API-destination or event-bus target EventBridge itself retries delivery under the target\'s RetryPolicy (by default 185 attempts over 24 hours) and then DROPS the event unless the target has a DeadLetterConfig. An operational Lambda without one silently loses events under throttling; no queue, no DLQ, no trace.',
    fix: 'Add `target.deadLetter: <queue>` (an SQS queue EventBridge sends failed events to, with ERROR_CODE/ERROR_MESSAGE attributes) and `target.retry: {maxAttempts, maxEventAgeSeconds}` chosen for the consumer.',
    example: {
      bad: `- name: receipt-mailer
  class: operational
  target: { kind: lambda, function: receipt-mailer }`,
      good: `- name: receipt-mailer
  class: operational
  target:
    kind: lambda
    function: receipt-mailer
    deadLetter: receipt-mailer-target-dlq
    retry: { maxAttempts: 3, maxEventAgeSeconds: 3600 }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      if (consumer.class === 'projection') return;
      const target = targetOf(consumer);
      if (!target || !isPushTarget(target)) return;
      const subject = { kind: 'consumer' as const, name: consumer.name };
      const what = `${consumer.class} consumer '${consumer.name}' (${target.kind} target ${target.resource})`;
      if (!target.deadLetter) {
        report({
          subject,
          pointer: consumerAt(i, 'target'),
          message: `${what} has no target DLQ: EventBridge drops events it cannot deliver`,
          hint: `add deadLetter: ${consumer.name}-target-dlq under target:`,
        });
      }
      const retry = target.retry;
      const unbounded =
        retry?.maxAttempts === undefined ||
        retry.maxEventAgeSeconds === undefined ||
        (retry.maxAttempts >= DEFAULT_ATTEMPTS && retry.maxEventAgeSeconds >= DEFAULT_EVENT_AGE);
      if (unbounded) {
        report({
          subject,
          pointer: consumerAt(i, retry ? 'target/retry' : 'target'),
          message: `${what} has no bounded retry policy (EventBridge's default: ${DEFAULT_ATTEMPTS} attempts over 24 hours)`,
          hint: 'add retry: { maxAttempts: 3, maxEventAgeSeconds: 3600 } under target: (values the consumer can afford)',
        });
      }
    });
  },
});
