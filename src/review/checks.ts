import type { RuleCategory } from '../lint/categories.js';
import type { Level } from './levels.js';

/** A readiness check: passes when none of its lint rules reports an unwaived finding. */
export interface ReadinessCheck {
  id: string;
  /** What holds when the check passes, as a reviewer would say it. */
  title: string;
  category: RuleCategory;
  level: Level;
  rules: readonly string[];
}

/**
 * The scorecard, built from the lint rules (a test checks that every rule is in exactly one
 * check). Order matters: the report answers "can we operate this for the next year?" first.
 */
export const CHECKS: readonly ReadinessCheck[] = [
  // Failure containment
  { id: 'operational-dlqs', title: 'Operational consumers park failures in a DLQ', category: 'failure-containment', level: 'bronze', rules: ['operational-has-dlq'] },
  { id: 'operational-idempotency', title: 'Operational consumers are idempotent', category: 'failure-containment', level: 'bronze', rules: ['operational-has-idempotency-key'] },
  { id: 'every-queue-dlq', title: 'Every queue has a DLQ', category: 'failure-containment', level: 'silver', rules: ['queue-has-dlq'] },
  { id: 'explicit-redrive', title: 'Redrive policies are explicit (maxReceiveCount)', category: 'failure-containment', level: 'gold', rules: ['dlq-max-receive-count'] },
  { id: 'target-dlqs', title: 'Non-queue targets have a target DLQ and a bounded retry policy', category: 'failure-containment', level: 'bronze', rules: ['target-has-dlq-and-retry'] },
  // Replay readiness
  { id: 'projections-rebuildable', title: 'Projections can be rebuilt by replay; operational consumers do not claim to be', category: 'replay-readiness', level: 'bronze', rules: ['projection-is-rebuildable', 'operational-not-rebuildable'] },
  { id: 'replay-gated', title: 'Replays into operational consumers need signed approval', category: 'replay-readiness', level: 'silver', rules: ['bus-has-replay-policy', 'replay-rule-valid'] },
  { id: 'replay-windows', title: 'Idempotency windows cover everything a replay can re-deliver', category: 'replay-readiness', level: 'silver', rules: ['idempotency-window-covers-replay'] },
  { id: 'archives', title: 'Buses feeding operational consumers are archived', category: 'replay-readiness', level: 'silver', rules: ['bus-has-archive'] },
  // Observability
  { id: 'operational-lag-slos', title: 'Operational consumers have a lag SLO', category: 'observability', level: 'bronze', rules: ['operational-has-lag-slo'] },
  { id: 'tracing', title: 'Trace context travels with every event', category: 'observability', level: 'silver', rules: ['tracing-propagated'] },
  { id: 'lag-alarms', title: 'Lag SLOs page someone (lag alarms on)', category: 'observability', level: 'silver', rules: ['lag-alarms-enabled'] },
  { id: 'target-dlq-alarms', title: 'Target DLQs are watched (lag SLO and alarms)', category: 'observability', level: 'silver', rules: ['target-dlq-has-alarm'] },
  { id: 'all-lag-slos', title: 'Every consumer has a lag SLO', category: 'observability', level: 'gold', rules: ['consumer-has-lag-slo'] },
  { id: 'topic-correlation', title: 'Every topic names its correlation id', category: 'observability', level: 'gold', rules: ['topic-has-correlation'] },
  // Operability
  { id: 'owners', title: 'Every topic and consumer has an owner', category: 'operability', level: 'bronze', rules: ['topic-has-owner', 'consumer-has-owner'] },
  { id: 'waivers-current', title: 'No expired waivers', category: 'operability', level: 'bronze', rules: ['waiver-expired'] },
  { id: 'dlq-runbook', title: 'DLQs have a runbook, and runbook links resolve', category: 'operability', level: 'silver', rules: ['dlq-has-runbook', 'runbook-file-exists'] },
  { id: 'replay-runbook', title: 'Replays have a runbook', category: 'operability', level: 'gold', rules: ['replay-has-runbook'] },
  // Schema governance
  { id: 'schemas', title: 'Every topic has a schema', category: 'schema-governance', level: 'bronze', rules: ['topic-has-schema'] },
  { id: 'keys-exist', title: 'Declared keys and reads exist in every subscribed schema', category: 'schema-governance', level: 'bronze', rules: ['key-exists-in-schema', 'consumer-reads-in-schema'] },
  { id: 'compatibility', title: 'Every topic has a compatibility mode', category: 'schema-governance', level: 'silver', rules: ['topic-has-compatibility'] },
  { id: 'keys-required', title: 'Declared keys are required fields', category: 'schema-governance', level: 'silver', rules: ['key-required-in-schema'] },
  { id: 'no-deprecated-reads', title: 'No consumer reads a deprecated field', category: 'schema-governance', level: 'gold', rules: ['consumer-reads-deprecated'] },
  { id: 'transitive', title: 'Compatibility is transitive', category: 'schema-governance', level: 'gold', rules: ['topic-compatibility-transitive'] },
  // Consumer roles
  { id: 'single-role', title: 'Each consumer has exactly one role', category: 'consumer-roles', level: 'bronze', rules: ['consumer-single-role', 'projection-no-side-effects'] },
  { id: 'workflows', title: 'Workflow consumers are correlated, deduplicated and name their workflow', category: 'consumer-roles', level: 'bronze', rules: ['workflow-has-correlation-key', 'workflow-has-dedupe-key', 'workflow-target-declared'] },
  { id: 'side-effects', title: 'Operational consumers list their side effects', category: 'consumer-roles', level: 'gold', rules: ['operational-side-effects-declared'] },
  { id: 'target-ordering', title: 'Workflow starters dedupe executions; Kinesis targets keep per-key order', category: 'consumer-roles', level: 'silver', rules: ['workflow-execution-dedupe', 'kinesis-partition-key-correlation'] },
  // Routing
  { id: 'wiring', title: 'Subscriptions resolve to declared topics on one bus', category: 'routing', level: 'bronze', rules: ['consumer-topic-known', 'topic-bus-known', 'consumer-single-bus', 'consumer-has-subscriptions', 'spoke-topic-forwarded'] },
  { id: 'unique', title: 'Names, event types and consumer resources are unique', category: 'routing', level: 'bronze', rules: ['name-unique', 'topic-event-type-unique', 'consumer-resources-unique'] },
  { id: 'target-shape', title: "Consumer targets match their kind", category: 'routing', level: 'bronze', rules: ['target-kind-consistent'] },
  { id: 'consumed', title: 'Every topic has a consumer', category: 'routing', level: 'silver', rules: ['topic-has-consumers'] },
];

/**
 * Added by `review --live`: the account matches the manifest. Its rules are drift's, not lint's,
 * so the offline scorecard (and the one-check-per-lint-rule test) never sees it.
 */
export function liveChecks(driftRuleIds: readonly string[]): ReadinessCheck[] {
  return [
    {
      id: 'live-matches-manifest',
      title: 'The live account matches the manifest (--live: rules, targets, queues, DLQs, redrive policies, archives, replay guards)',
      category: 'operability',
      level: 'silver',
      rules: driftRuleIds,
    },
  ];
}
