import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'tracing-propagated',
    category: 'observability',
    defaultSeverity: 'warn',
    summary: 'The manifest names the event field that carries trace context (`observability.tracing.propagation`).',
    rationale:
      'EventBridge does not carry W3C trace context from producer to consumer by itself. Without an agreed field every hop starts a new trace, and following one order through billing, fulfilment and refunds means correlating logs by hand (AWS Well-Architected OPS 1).',
    fix: 'Set `observability.tracing.propagation` to the field producers fill, e.g. `/detail/traceparent`, and add that field to every topic\'s schema (`key-exists-in-schema` then checks it).',
    example: {
      bad: `observability:
  lagAlarms: true`,
      good: `observability:
  tracing: { propagation: /detail/traceparent }
  lagAlarms: true`,
    },
  },
  check({ manifest }, report) {
    if (manifest.observability?.tracing?.propagation) return;
    report({
      subject: { kind: 'manifest', name: manifest.platform },
      pointer: manifest.observability ? '/observability' : '/platform',
      message: 'trace context is not propagated: observability.tracing.propagation is not set',
      hint: 'set observability: { tracing: { propagation: /detail/traceparent } }',
    });
  },
});
