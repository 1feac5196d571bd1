import { closest } from '../../text/closest.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'workflow-target-declared',
    category: 'consumer-roles',
    defaultSeverity: 'error',
    classes: ['workflow'],
    summary: 'A workflow consumer names the workflow it drives, and that workflow is declared under `workflows:`.',
    rationale:
      'Replay plans and reviews show which process a workflow consumer starts. A workflow consumer that names no workflow, or one that is not declared, leaves that question open exactly when someone needs the answer.',
    fix: 'Set `workflow:` to the name of an entry under `workflows:` (add the entry if it is missing).',
    example: {
      bad: `consumers:
  - name: fulfilment-starter
    class: workflow
    workflow: order-fulfillment`,
      good: `consumers:
  - name: fulfilment-starter
    class: workflow
    workflow: order-fulfilment
workflows:
  - { name: order-fulfilment, engine: stepfunctions, stateMachine: order-fulfilment }`,
    },
  },
  check({ manifest, index }, report) {
    const names = [...index.workflows.keys()];
    manifest.consumers.forEach((consumer, i) => {
      const subject = { kind: 'consumer' as const, name: consumer.name };
      if (consumer.workflow === undefined) {
        if (consumer.class === 'workflow') {
          report({
            subject,
            pointer: consumerAt(i),
            message: `workflow consumer '${consumer.name}' does not name the workflow it drives`,
            hint: 'add workflow: <name of an entry under workflows:>',
          });
        }
        return;
      }
      if (index.workflows.has(consumer.workflow)) return;
      const suggestion = closest(consumer.workflow, names);
      report({
        subject,
        pointer: consumerAt(i, 'workflow'),
        message: `consumer '${consumer.name}' names workflow '${consumer.workflow}', which is not declared under workflows:`,
        hint: suggestion ? `did you mean '${suggestion}'?` : 'declare it under workflows: (name, engine, stateMachine)',
      });
    });
  },
});
