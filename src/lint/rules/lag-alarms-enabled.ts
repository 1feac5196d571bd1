import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'lag-alarms-enabled',
    category: 'observability',
    defaultSeverity: 'warn',
    summary: 'When consumers declare lag SLOs, `observability.lagAlarms` is on.',
    rationale:
      'An SLO nobody is paged for is a wish. With `lagAlarms: true` the platform promises CloudWatch alarms on the age of the oldest message for every declared SLO, and `eventctl drift` can check they exist.',
    fix: 'Set `observability.lagAlarms: true` and create the alarms (age of oldest message and DLQ depth) for each consumer with a lag SLO.',
    example: {
      bad: `observability:
  tracing: { propagation: /detail/traceparent }`,
      good: `observability:
  tracing: { propagation: /detail/traceparent }
  lagAlarms: true`,
    },
  },
  check({ manifest }, report) {
    if (manifest.observability?.lagAlarms === true) return;
    const withSlo = manifest.consumers.filter((c) => c.lag?.maxAgeSeconds !== undefined || c.lag?.maxDepth !== undefined);
    if (withSlo.length === 0) return;
    report({
      subject: { kind: 'manifest', name: manifest.platform },
      pointer:
        manifest.observability?.lagAlarms !== undefined
          ? '/observability/lagAlarms'
          : manifest.observability
            ? '/observability'
            : '/platform',
      message: `${withSlo.length} consumer${withSlo.length === 1 ? ' declares a lag SLO' : 's declare lag SLOs'} but lag alarms are not enabled`,
      hint: 'set observability.lagAlarms: true and create the alarms',
    });
  },
});
