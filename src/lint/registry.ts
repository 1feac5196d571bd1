import type { LintRule } from './rule.js';
import busHasArchive from './rules/bus-has-archive.js';
import busHasReplayPolicy from './rules/bus-has-replay-policy.js';
import consumerHasLagSlo from './rules/consumer-has-lag-slo.js';
import consumerHasOwner from './rules/consumer-has-owner.js';
import consumerHasSubscriptions from './rules/consumer-has-subscriptions.js';
import consumerReadsDeprecated from './rules/consumer-reads-deprecated.js';
import consumerReadsInSchema from './rules/consumer-reads-in-schema.js';
import consumerResourcesUnique from './rules/consumer-resources-unique.js';
import consumerSingleBus from './rules/consumer-single-bus.js';
import consumerSingleRole from './rules/consumer-single-role.js';
import consumerTopicKnown from './rules/consumer-topic-known.js';
import dlqHasRunbook from './rules/dlq-has-runbook.js';
import dlqMaxReceiveCount from './rules/dlq-max-receive-count.js';
import idempotencyWindowCoversReplay from './rules/idempotency-window-covers-replay.js';
import keyExistsInSchema from './rules/key-exists-in-schema.js';
import keyRequiredInSchema from './rules/key-required-in-schema.js';
import kinesisPartitionKeyCorrelation from './rules/kinesis-partition-key-correlation.js';
import lagAlarmsEnabled from './rules/lag-alarms-enabled.js';
import nameUnique from './rules/name-unique.js';
import operationalHasDlq from './rules/operational-has-dlq.js';
import operationalHasIdempotencyKey from './rules/operational-has-idempotency-key.js';
import operationalHasLagSlo from './rules/operational-has-lag-slo.js';
import operationalNotRebuildable from './rules/operational-not-rebuildable.js';
import operationalSideEffectsDeclared from './rules/operational-side-effects-declared.js';
import projectionIsRebuildable from './rules/projection-is-rebuildable.js';
import projectionNoSideEffects from './rules/projection-no-side-effects.js';
import queueHasDlq from './rules/queue-has-dlq.js';
import replayHasRunbook from './rules/replay-has-runbook.js';
import replayRuleValid from './rules/replay-rule-valid.js';
import runbookFileExists from './rules/runbook-file-exists.js';
import spokeTopicForwarded from './rules/spoke-topic-forwarded.js';
import targetDlqHasAlarm from './rules/target-dlq-has-alarm.js';
import targetHasDlqAndRetry from './rules/target-has-dlq-and-retry.js';
import targetKindConsistent from './rules/target-kind-consistent.js';
import topicBusKnown from './rules/topic-bus-known.js';
import topicCompatibilityTransitive from './rules/topic-compatibility-transitive.js';
import topicEventTypeUnique from './rules/topic-event-type-unique.js';
import topicHasCompatibility from './rules/topic-has-compatibility.js';
import topicHasConsumers from './rules/topic-has-consumers.js';
import topicHasCorrelation from './rules/topic-has-correlation.js';
import topicHasOwner from './rules/topic-has-owner.js';
import topicHasSchema from './rules/topic-has-schema.js';
import tracingPropagated from './rules/tracing-propagated.js';
import waiverExpired from './rules/waiver-expired.js';
import workflowExecutionDedupe from './rules/workflow-execution-dedupe.js';
import workflowHasCorrelationKey from './rules/workflow-has-correlation-key.js';
import workflowHasDedupeKey from './rules/workflow-has-dedupe-key.js';
import workflowTargetDeclared from './rules/workflow-target-declared.js';

/**
 * Every lint rule, sorted by id. Explicit on purpose: a test fails when a file in rules/ is
 * missing here, and presets (policies/lint-*.yaml) decide which rules run, not this list.
 */
export const RULES = [
  busHasArchive,
  busHasReplayPolicy,
  consumerHasLagSlo,
  consumerHasOwner,
  consumerHasSubscriptions,
  consumerReadsDeprecated,
  consumerReadsInSchema,
  consumerResourcesUnique,
  consumerSingleBus,
  consumerSingleRole,
  consumerTopicKnown,
  dlqHasRunbook,
  dlqMaxReceiveCount,
  idempotencyWindowCoversReplay,
  keyExistsInSchema,
  keyRequiredInSchema,
  kinesisPartitionKeyCorrelation,
  lagAlarmsEnabled,
  nameUnique,
  operationalHasDlq,
  operationalHasIdempotencyKey,
  operationalHasLagSlo,
  operationalNotRebuildable,
  operationalSideEffectsDeclared,
  projectionIsRebuildable,
  projectionNoSideEffects,
  queueHasDlq,
  replayHasRunbook,
  replayRuleValid,
  runbookFileExists,
  spokeTopicForwarded,
  targetDlqHasAlarm,
  targetHasDlqAndRetry,
  targetKindConsistent,
  topicBusKnown,
  topicCompatibilityTransitive,
  topicEventTypeUnique,
  topicHasCompatibility,
  topicHasConsumers,
  topicHasCorrelation,
  topicHasOwner,
  topicHasSchema,
  tracingPropagated,
  waiverExpired,
  workflowExecutionDedupe,
  workflowHasCorrelationKey,
  workflowHasDedupeKey,
  workflowTargetDeclared,
] as const satisfies readonly LintRule[];

const BY_ID: ReadonlyMap<string, LintRule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export function findRule(id: string): LintRule | undefined {
  return BY_ID.get(id);
}

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.meta.id);
