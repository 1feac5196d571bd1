import { targetOf } from '../../manifest/consumer-target.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'target-dlq-has-alarm',
    category: 'observability',
    defaultSeverity: 'warn',
    summary: 'A consumer with a target DLQ has a lag SLO, and lag alarms are on, so events parked there page someone.',
    rationale:
      'A target DLQ fills when EventBridge gives up on a Lambda, state machine or stream. Nothing polls it, so unlike a consumer queue nobody notices a growing backlog: `eventctl lag` turns its inflow into ERR and a non-zero exit only for consumers with a lag SLO, and only an alarm makes that page.',
    fix: 'Declare `lag: {maxAgeSeconds: …}` on the consumer and set `observability.lagAlarms: true`.',
    example: {
      bad: `- name: receipt-mailer
  target: { kind: lambda, function: receipt-mailer, deadLetter: receipt-mailer-target-dlq }`,
      good: `- name: receipt-mailer
  target: { kind: lambda, function: receipt-mailer, deadLetter: receipt-mailer-target-dlq }
  lag: { maxAgeSeconds: 300 }
observability: { lagAlarms: true }`,
    },
  },
  check({ manifest }, report) {
    const alarms = manifest.observability?.lagAlarms === true;
    manifest.consumers.forEach((consumer, i) => {
      const target = targetOf(consumer);
      if (!target?.deadLetter || (consumer.lag && alarms)) return;
      report({
        subject: { kind: 'consumer', name: consumer.name },
        pointer: consumerAt(i, 'target/deadLetter'),
        message: `target DLQ ${target.deadLetter} of consumer '${consumer.name}' is watched by nothing: ${consumer.lag ? 'lag alarms are off' : 'the consumer has no lag SLO'}`,
        hint: consumer.lag ? 'set observability.lagAlarms: true' : 'add lag: { maxAgeSeconds: <seconds> } to the consumer',
      });
    });
  },
});
