import { targetOf } from '../../manifest/consumer-target.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'workflow-execution-dedupe',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['workflow'],
    summary: 'A workflow starter targeting a Standard state machine names executions from its correlation key; one targeting an Express state machine declares its dedupe.',
    rationale:
      'A retried delivery, a redrive or a replay starts the workflow again. A Standard state machine refuses a second execution with the same name for 90 days, so an execution name derived from the correlation key is a natural dedupe. Express state machines have no such guarantee: the workflow itself must deduplicate, and say on which key.',
    fix: 'Standard: set `target.executionName` to the consumer\'s correlation key. Express: declare `dedupe: {key, windowHours}` on the consumer.',
    example: {
      bad: `- name: delivery-tracker
  class: workflow
  correlation: /detail/orderId
  target: { kind: stepfunctions, stateMachine: delivery-tracking, type: standard }`,
      good: `- name: delivery-tracker
  class: workflow
  correlation: /detail/orderId
  target: { kind: stepfunctions, stateMachine: delivery-tracking, type: standard, executionName: /detail/orderId }`,
    },
  },
  check({ manifest }, report) {
    manifest.consumers.forEach((consumer, i) => {
      const target = targetOf(consumer);
      if (consumer.class !== 'workflow' || target?.kind !== 'stepfunctions') return;
      const subject = { kind: 'consumer' as const, name: consumer.name };
      const declared = target.declared!;
      if (declared.type === 'express') {
        if (!consumer.dedupe) {
          report({
            subject,
            pointer: consumerAt(i, 'target/type'),
            message: `workflow consumer '${consumer.name}' starts Express state machine ${target.resource}, which does not deduplicate executions, and declares no dedupe`,
            hint: 'add dedupe: { key: <correlation pointer>, windowHours: <hours> }',
          });
        }
        return;
      }
      const correlation = consumer.correlation;
      if (declared.executionName === undefined || (correlation !== undefined && declared.executionName !== correlation)) {
        report({
          subject,
          pointer: consumerAt(i, declared.executionName === undefined ? 'target' : 'target/executionName'),
          message:
            declared.executionName === undefined
              ? `workflow consumer '${consumer.name}' starts Standard state machine ${target.resource} without an execution name derived from its correlation key`
              : `workflow consumer '${consumer.name}' names executions from ${declared.executionName}, not its correlation key ${correlation}`,
          hint: `set executionName: ${correlation ?? '<correlation pointer>'} under target:`,
        });
      }
    });
  },
});
