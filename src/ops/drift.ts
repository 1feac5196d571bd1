import { queueNameOf } from './arn.js';
import type { SourceLocation } from '../errors.js';
import type { Manifest, Topic } from '../manifest/model.js';
import type { Finding, RuleDescriptor, Severity, SubjectKind } from '../report/finding.js';
import type { LiveRule, LiveTarget } from '../aws/eventbridge.js';
import { excludesReplays, guardsReplays, patternMatches, REPLAY_NAME_PROBE, replayOptInLeaks } from './event-pattern.js';
import type { LiveSnapshot } from './live-snapshot.js';
import { replayRuleName } from './replay-rule.js';
import { canonicalJson } from './canonical-json.js';
import { declaredTargetSettings, parseTargetArn, targetOf, type ResolvedTarget } from '../manifest/consumer-target.js';

/** Drift rules: the manifest says one thing, the account another. */
export const DRIFT_RULES: readonly RuleDescriptor[] = [
  rule('drift/missing-bus', 'A declared event bus does not exist', 'Rules, archives and replays all hang off the bus.', 'Create the bus (eventctl sandbox up for a local emulator; your IaC for AWS) or fix the name.'),
  rule('drift/missing-rule', "A consumer's rule does not exist on its topic's bus", 'Without the rule no event reaches the consumer.', 'Deploy the rule, or fix `rule:` in the manifest.'),
  rule('drift/extra-rule', 'A rule on a declared bus belongs to no consumer', 'Undeclared rules are consumers the governance cannot see: no class, no replay gate.', 'Declare the consumer in the manifest, or delete the rule.'),
  rule('drift/pattern-mismatch', "A rule's pattern does not match the consumer's declared topics", 'The consumer misses events it subscribes to, or gets events it never declared.', 'Make the pattern match exactly the subscribed topics (source and detail-type).'),
  rule('drift/replay-unguarded', 'An operational rule accepts replayed events', 'events:StartReplay has no IAM condition keys: only the pattern can keep an unfiltered replay away from side effects.', 'Add "replay-name": [{"exists": false}] to the pattern; approved replays go through the opt-in replay rule (`<rule>-replay`).', 'warn'),
  rule('drift/replay-rule-missing', "An operational consumer has no opt-in replay rule", 'Its own rule excludes replayed events, so an approved replay has no rule to reach it through: `replay plan` refuses.', 'Run `eventctl sandbox up` for a local emulator; on AWS create `<rule>-replay` (or the manifest\'s `replayRule:`) on the same bus with the rule\'s pattern and targets, but "replay-name": [{"prefix": "ectl-"}] instead of the exclusion.', 'warn'),
  rule('drift/replay-rule-pattern', "An opt-in replay rule matches more than eventctl's replays of the consumer's topics", 'It must only ever see replays named ectl-…: otherwise live events reach the consumer twice, or an unfiltered console replay reaches its side effects past the guard.', 'Use the consumer rule\'s topic pattern with "replay-name": [{"prefix": "ectl-"}] (and no other replay-name filter).'),
  rule('drift/replay-rule-targets', "An opt-in replay rule's targets differ from its consumer rule's", 'Approved replays would land somewhere other than where the consumer reads live events (or with another DLQ, retry or input configuration).', 'Give the replay rule exactly the targets of the consumer\'s rule.'),
  rule('drift/missing-target', "A consumer's rule does not deliver to its queue", 'Events match but go nowhere the consumer reads.', 'Add the queue as a target of the rule.'),
  rule('drift/extra-target', "A consumer's rule also delivers somewhere undeclared", 'Undeclared targets receive events, and replays, outside the manifest.', 'Remove the target or declare it as its own consumer.'),
  rule('drift/target-kind', "A consumer's rule delivers to another kind of target than declared", 'sandbox, lag, dlq and redrive read the target by its declared kind: a Lambda the manifest calls a queue is a consumer nobody watches.', 'Deploy the declared target, or fix `target.kind` and its resource in the manifest.'),
  rule('drift/missing-target-resource', "A consumer's Lambda function, state machine, stream, topic or API destination does not exist", 'EventBridge retries delivery to a missing target and then drops the event (or parks it in the target DLQ).', 'Create the resource, or fix its name under `target:`.'),
  rule('drift/state-machine-type', 'A state machine is of another type (standard/express) than declared', 'Standard and Express differ in deduplication (execution names), duration and price: the lint obligations were checked for the declared one.', 'Align `target.type` with the state machine, or recreate it with the declared type.'),
  rule('drift/target-dlq', "A rule target's DeadLetterConfig differs from the declared target DLQ", 'Events EventBridge gives up on are dropped, or land in a queue dlq list, inspect and redrive do not read.', 'Set DeadLetterConfig.Arn on the target to the declared `target.deadLetter` (or declare the one it has).'),
  rule('drift/target-retry', "A rule target's RetryPolicy differs from the manifest", 'Events are retried for longer (or shorter) than the consumer was designed for before they reach the DLQ.', 'Set RetryPolicy {MaximumRetryAttempts, MaximumEventAgeInSeconds} to `target.retry`.'),
  rule('drift/target-input', "A rule target's input transformation or partition key differs from the manifest", 'The consumer receives another payload than the one its schema obligations were checked against, or a Kinesis stream loses per-key order.', 'Align InputTransformer with `target.input` and KinesisParameters.PartitionKeyPath with `target.partitionKey`.'),
  rule('drift/missing-queue', "A consumer's queue does not exist", 'The rule has nowhere to deliver.', 'Create the queue, or fix `queue:`.'),
  rule('drift/missing-dlq', "A consumer's DLQ does not exist", 'Poison messages have nowhere to go and are retried until they expire.', 'Create the DLQ, or fix `dlq:`.'),
  rule('drift/redrive-missing', 'The queue has no redrive policy to its declared DLQ', 'Failures never reach the DLQ; they are retried until retention drops them.', 'Set RedrivePolicy {deadLetterTargetArn, maxReceiveCount} on the queue.'),
  rule('drift/redrive-target', 'The queue redrives to a different queue than its declared DLQ', 'Failures land where nobody looks, and dlq commands read the wrong queue.', 'Point RedrivePolicy.deadLetterTargetArn at the declared DLQ.'),
  rule('drift/extra-redrive', 'The queue redrives to a DLQ the manifest does not declare', 'An undeclared DLQ escapes dlq list, inspect and redrive.', 'Declare `dlq:` for the consumer, or remove the redrive policy.'),
  rule('drift/max-receive-count', 'maxReceiveCount differs from the manifest', 'Messages reach the DLQ sooner or later than the consumer was designed for.', 'Align RedrivePolicy.maxReceiveCount with `maxReceiveCount:`.'),
  rule('drift/missing-archive', "A declared archive does not exist on its bus", 'Nothing is recorded, so nothing can be replayed.', 'Create the archive on the bus.'),
  rule('drift/archive-retention', 'An archive keeps events for a different time than declared', 'Replays of older windows fail, or data is kept longer than intended.', 'Align RetentionDays with `retentionDays:` (0 = forever).'),
  rule('drift/extra-archive', 'An archive on a declared bus is not in the manifest', 'Replays from an undeclared archive bypass the replay plan.', 'Declare the archive on the bus, or delete it.'),
];

function rule(id: string, summary: string, rationale: string, fix: string, defaultSeverity: Severity = 'error'): RuleDescriptor {
  return { id, summary, rationale, fix, defaultSeverity };
}

const SEVERITY = new Map(DRIFT_RULES.map((r) => [r.id, r.defaultSeverity]));

export type Locate = (pointer: string) => SourceLocation | undefined;

/** Compares the manifest with a live snapshot. Pure: same inputs, same findings. */
export function computeDrift(manifest: Manifest, live: LiveSnapshot, locate: Locate = () => undefined): Finding[] {
  const findings: Finding[] = [];
  const add = (id: string, kind: SubjectKind, name: string, message: string, pointer?: string, hint?: string) => {
    findings.push({
      rule: id,
      severity: SEVERITY.get(id) ?? 'error',
      message,
      hint,
      subject: { kind, name },
      location: pointer ? locate(pointer) : undefined,
    });
  };
  const topics = new Map(manifest.topics.map((t) => [t.name, t]));

  // Buses and archives.
  manifest.buses.forEach((bus, i) => {
    if (live.buses[bus.name] === null) {
      add('drift/missing-bus', 'bus', bus.name, `event bus ${bus.name} does not exist`, `/buses/${i}/name`);
      return;
    }
    const archives = live.archives[bus.name] ?? [];
    if (bus.archive) {
      const found = archives.find((a) => a.name === bus.archive!.name);
      const wanted = bus.archive.retentionDays ?? 0;
      if (!found) {
        add('drift/missing-archive', 'archive', bus.archive.name, `archive ${bus.archive.name} does not exist on bus ${bus.name}`, `/buses/${i}/archive`);
      } else if ((found.retentionDays ?? 0) !== wanted) {
        add('drift/archive-retention', 'archive', bus.archive.name, `archive ${bus.archive.name} keeps events ${found.retentionDays ?? 0} days; the manifest says ${wanted}`, `/buses/${i}/archive`);
      }
    }
    for (const archive of archives) {
      if (archive.name !== bus.archive?.name) {
        add('drift/extra-archive', 'archive', archive.name, `archive ${archive.name} on bus ${bus.name} is not declared`, `/buses/${i}`);
      }
    }
  });

  // Rules per bus: declared by consumers.
  const declaredRules = new Map<string, Set<string>>();
  manifest.consumers.forEach((consumer, ci) => {
    const subscribed = consumer.subscribes.flatMap((name) => (topics.has(name) ? [topics.get(name)!] : []));
    const at = (field: string) => `/consumers/${ci}/${field}`;
    const queueArn = consumer.queue ? live.queues[consumer.queue]?.arn : undefined;
    const target = targetOf(consumer);
    if (target?.deadLetter && live.queues[target.deadLetter] === null) {
      add('drift/missing-dlq', 'queue', target.deadLetter, `target DLQ ${target.deadLetter} (consumer ${consumer.name}) does not exist`, at('target/deadLetter'));
    }
    if (target && target.kind !== 'sqs' && target.kind !== 'eventbus' && live.targetResources && !live.targetResources.arns.has(`${target.kind}/${target.resource}`)) {
      add('drift/missing-target-resource', 'consumer', consumer.name, `${KIND_NOUN[target.kind]} ${target.resource} (consumer ${consumer.name}) does not exist`, at(target.field));
    }
    if (target?.kind === 'stepfunctions' && live.targetResources) {
      const liveType = live.targetResources.stateMachineTypes.get(target.resource);
      const declaredType = (target.declared?.type ?? 'standard').toUpperCase();
      if (liveType !== undefined && liveType !== declaredType) {
        add('drift/state-machine-type', 'consumer', consumer.name, `state machine ${target.resource} is ${liveType}; the manifest says ${declaredType.toLowerCase()}`, at('target/type'));
      }
    }

    if (consumer.rule) {
      const replayRule = replayRuleName(consumer);
      for (const bus of [...new Set(subscribed.map((t) => t.bus))]) {
        declaredRules.set(bus, (declaredRules.get(bus) ?? new Set()).add(consumer.rule));
        if (replayRule) declaredRules.get(bus)!.add(replayRule);
        if (live.buses[bus] === null || live.buses[bus] === undefined) continue; // reported as a missing bus
        const liveRule = (live.rules[bus] ?? []).find((r) => r.name === consumer.rule);
        // By ARN when the queue exists; by name when it is gone (that is reported as a missing queue).
        const isOwnQueue = (arn: string) =>
          consumer.queue !== undefined && (queueArn ? arn === queueArn : queueArnLike(arn) && queueNameOf(arn) === consumer.queue);
        const isOwnTarget = (arn: string) => (target && target.kind !== 'sqs' ? isTargetOf(target, arn) : isOwnQueue(arn));
        const checkCompanion = () => {
          if (!replayRule) return;
          const replayAt = consumer.replayRule !== undefined ? at('replayRule') : at('rule');
          const declaredTarget = (t: LiveTarget) => isOwnTarget(t.arn) || (!target && !queueArnLike(t.arn));
          checkReplayRule({ bus, consumerName: consumer.name, rule: consumer.rule!, replayRule, liveRule, declaredTarget, topics: subscribed.filter((t) => t.bus === bus), allTopics: manifest.topics }, live, (id, message, hint) =>
            add(id, 'rule', `${bus}/${replayRule}`, message, replayAt, hint),
          );
        };
        if (!liveRule) {
          add('drift/missing-rule', 'rule', `${bus}/${consumer.rule}`, `rule ${consumer.rule} (consumer ${consumer.name}) does not exist on bus ${bus}`, at('rule'));
          checkCompanion();
          continue;
        }
        const onBus = subscribed.filter((t) => t.bus === bus);
        if (liveRule.eventPattern === undefined) {
          add('drift/pattern-mismatch', 'rule', `${bus}/${consumer.rule}`, `rule ${consumer.rule} has no event pattern (scheduled or unparsable); it cannot deliver ${onBus.map((t) => t.name).join(', ')}`, at('subscribes'));
        } else {
          for (const topic of onBus) {
            if (patternMatches(liveRule.eventPattern, { source: topic.source, detailType: topic.detailType }) === false) {
              add('drift/pattern-mismatch', 'rule', `${bus}/${consumer.rule}`, `rule ${consumer.rule} does not match topic ${topic.name} (${topic.source} / ${topic.detailType}) that ${consumer.name} subscribes to`, at('subscribes'));
            }
          }
          for (const other of manifest.topics) {
            if (other.bus !== bus || onBus.includes(other)) continue;
            if (patternMatches(liveRule.eventPattern, { source: other.source, detailType: other.detailType }) === true) {
              add('drift/pattern-mismatch', 'rule', `${bus}/${consumer.rule}`, `rule ${consumer.rule} also matches topic ${other.name}, which ${consumer.name} does not subscribe to`, at('subscribes'));
            }
          }
          if (guardsReplays(consumer) && !excludesReplays(liveRule.eventPattern)) {
            add('drift/replay-unguarded', 'rule', `${bus}/${consumer.rule}`, `operational rule ${consumer.rule} does not exclude replayed events ("replay-name": [{"exists": false}])`, at('rule'));
          }
        }
        const targets = live.targets[`${bus}/${consumer.rule}`] ?? [];
        if (target && target.kind !== 'sqs') {
          checkPushTarget(target, consumer.name, `${bus}/${consumer.rule}`, targets, live, (id, message, field) => add(id, 'rule', `${bus}/${consumer.rule}`, message, at(field)));
        } else if (target?.kind === 'sqs' && (target.deadLetter || target.retry || target.input)) {
          const own = targets.find((t) => isOwnQueue(t.arn));
          if (own) checkTargetSettings(target, consumer.name, own, live, (id, message, field) => add(id, 'rule', `${bus}/${consumer.rule}`, message, at(field)));
        }
        if (consumer.queue && queueArn && (!target || target.kind === 'sqs') && !targets.some((t) => isOwnQueue(t.arn))) {
          add('drift/missing-target', 'rule', `${bus}/${consumer.rule}`, `rule ${consumer.rule} does not deliver to queue ${consumer.queue}`, at('queue'));
        }
        for (const liveTarget of targets) {
          if (isOwnTarget(liveTarget.arn)) continue;
          if (!target && !queueArnLike(liveTarget.arn)) continue; // a workflow target (Step Functions, Lambda) the manifest does not name
          if (target && target.kind !== 'sqs' && !targets.some((t) => isOwnTarget(t.arn))) continue; // reported as drift/target-kind
          add('drift/extra-target', 'rule', `${bus}/${consumer.rule}`, `rule ${consumer.rule} also delivers to ${liveTarget.arn} (target ${liveTarget.id})`, at('rule'));
        }
        checkCompanion();
      }
    }

    // Queues, DLQs, redrive policies.
    if (consumer.queue) {
      const queue = live.queues[consumer.queue];
      if (queue === null) {
        add('drift/missing-queue', 'queue', consumer.queue, `queue ${consumer.queue} (consumer ${consumer.name}) does not exist`, at('queue'));
      }
      const dlq = consumer.dlq ? live.queues[consumer.dlq] : undefined;
      if (consumer.dlq && dlq === null) {
        add('drift/missing-dlq', 'queue', consumer.dlq, `DLQ ${consumer.dlq} (consumer ${consumer.name}) does not exist`, at('dlq'));
      }
      if (queue) {
        const redrive = queue.redrivePolicy;
        if (consumer.dlq && !redrive) {
          add('drift/redrive-missing', 'queue', consumer.queue, `queue ${consumer.queue} has no redrive policy; the manifest says failures go to ${consumer.dlq}`, at('dlq'));
        } else if (consumer.dlq && redrive && queueNameOf(redrive.deadLetterTargetArn) !== consumer.dlq) {
          add('drift/redrive-target', 'queue', consumer.queue, `queue ${consumer.queue} redrives to ${queueNameOf(redrive.deadLetterTargetArn)}, not ${consumer.dlq}`, at('dlq'));
        } else if (!consumer.dlq && redrive) {
          add('drift/extra-redrive', 'queue', consumer.queue, `queue ${consumer.queue} redrives to ${queueNameOf(redrive.deadLetterTargetArn)}, which the manifest does not declare`, at('queue'));
        }
        if (redrive && consumer.dlq && consumer.maxReceiveCount !== undefined && redrive.maxReceiveCount !== consumer.maxReceiveCount) {
          add('drift/max-receive-count', 'queue', consumer.queue, `queue ${consumer.queue} has maxReceiveCount ${redrive.maxReceiveCount}; the manifest says ${consumer.maxReceiveCount}`, at('maxReceiveCount'));
        }
      }
    }
  });

  // Rules nobody declared (AWS-managed ones, such as an archive's, are not ours to judge).
  manifest.buses.forEach((bus, i) => {
    const declared = declaredRules.get(bus.name) ?? new Set<string>();
    for (const liveRule of live.rules[bus.name] ?? []) {
      if (liveRule.managedBy || declared.has(liveRule.name)) continue;
      add('drift/extra-rule', 'rule', `${bus.name}/${liveRule.name}`, `rule ${liveRule.name} on bus ${bus.name} belongs to no consumer in the manifest`, `/buses/${i}/name`);
    }
  });

  return findings;
}

interface ReplayRuleCheck {
  bus: string;
  consumerName: string;
  /** The consumer's own rule, and what the account has under that name (undefined when missing). */
  rule: string;
  liveRule: LiveRule | undefined;
  /** Targets of the consumer's rule that drift accepts (the others are reported as extra targets there). */
  declaredTarget: (target: LiveTarget) => boolean;
  replayRule: string;
  /** The consumer's topics on this bus, and every topic of the manifest. */
  topics: readonly Topic[];
  allTopics: readonly Topic[];
}

/**
 * An operational consumer's opt-in replay rule: it exists, matches only eventctl's replays of the
 * consumer's topics, and delivers exactly where the consumer's own rule does.
 */
function checkReplayRule(check: ReplayRuleCheck, live: LiveSnapshot, report: (id: string, message: string, hint?: string) => void): void {
  const { bus, consumerName, rule: ruleName, replayRule, topics } = check;
  const companion = (live.rules[bus] ?? []).find((r) => r.name === replayRule);
  if (!companion) {
    report(
      'drift/replay-rule-missing',
      `operational consumer ${consumerName} has no opt-in replay rule ${replayRule} on bus ${bus}; its rule ${ruleName} excludes replays, so an approved replay cannot reach it`,
      `eventctl sandbox up (local emulator), or create rule ${replayRule} on bus ${bus} with the topics and targets of ${ruleName} and "replay-name": [{"prefix": "ectl-"}]`,
    );
    return;
  }
  if (companion.eventPattern === undefined) {
    report('drift/replay-rule-pattern', `replay rule ${replayRule} (consumer ${consumerName}) has no event pattern (scheduled or unparsable)`);
  } else {
    const leaks = replayOptInLeaks(companion.eventPattern);
    if (leaks.liveEvents) {
      report('drift/replay-rule-pattern', `replay rule ${replayRule} (consumer ${consumerName}) also matches live events, which would reach ${consumerName} twice; it needs "replay-name": [{"prefix": "ectl-"}]`);
    }
    if (leaks.otherReplays) {
      report('drift/replay-rule-pattern', `replay rule ${replayRule} (consumer ${consumerName}) matches replays not named ectl-…, so an unapproved replay (e.g. from the console) reaches ${consumerName}`);
    }
    const replayed = (t: Topic) => ({ source: t.source, detailType: t.detailType, replayName: REPLAY_NAME_PROBE });
    for (const topic of topics) {
      if (patternMatches(companion.eventPattern, replayed(topic)) === false) {
        report('drift/replay-rule-pattern', `replay rule ${replayRule} does not match topic ${topic.name} (${topic.source} / ${topic.detailType}) that ${consumerName} subscribes to, so approved replays of it do not arrive`);
      }
    }
    for (const other of check.allTopics) {
      if (other.bus !== bus || topics.includes(other)) continue;
      if (patternMatches(companion.eventPattern, replayed(other)) === true) {
        report('drift/replay-rule-pattern', `replay rule ${replayRule} also matches topic ${other.name}, which ${consumerName} does not subscribe to`);
      }
    }
  }
  if (!check.liveRule) return; // the missing consumer rule is reported; there is nothing to compare with
  const key = (t: LiveTarget) => canonicalJson({ arn: t.arn, ...(t.settings ?? {}) });
  const describe = (t: LiveTarget) => `${t.arn}${t.deadLetterArn ? ` (DLQ ${t.deadLetterArn})` : ''}`;
  // The consumer rule's targets, less those already reported as undeclared: the twin need not copy drift.
  const wanted = (live.targets[`${bus}/${ruleName}`] ?? []).filter(check.declaredTarget);
  const actual = live.targets[`${bus}/${replayRule}`] ?? [];
  const wantedKeys = new Set(wanted.map(key));
  const actualKeys = new Set(actual.map(key));
  const missing = wanted.filter((t) => !actualKeys.has(key(t)));
  const extra = actual.filter((t) => !wantedKeys.has(key(t)));
  if (missing.length > 0 || extra.length > 0) {
    const changed = missing.filter((t) => extra.some((e) => e.arn === t.arn));
    const parts = [
      ...missing.filter((t) => !changed.includes(t)).map((t) => `lacks ${describe(t)}`),
      ...changed.map((t) => `delivers to ${t.arn} with other settings (DLQ, retry, input or role)`),
      ...extra.filter((t) => !changed.some((c) => c.arn === t.arn)).map((t) => `also delivers to ${describe(t)}`),
    ];
    report('drift/replay-rule-targets', `replay rule ${replayRule} does not deliver like rule ${ruleName}: it ${parts.join('; ')}`);
  }
}

const KIND_NOUN: Record<ResolvedTarget['kind'], string> = {
  sqs: 'queue',
  lambda: 'Lambda function',
  stepfunctions: 'state machine',
  kinesis: 'Kinesis stream',
  sns: 'SNS topic',
  'api-destination': 'API destination',
  eventbus: 'event bus',
};

function isTargetOf(target: ResolvedTarget, arn: string): boolean {
  const parsed = parseTargetArn(arn);
  return parsed.kind === target.kind && parsed.name === target.resource;
}

type TargetReport = (id: string, message: string, field: string) => void;

/** A non-queue target: the rule delivers to it (not to another kind), with the declared settings. */
function checkPushTarget(target: ResolvedTarget, consumer: string, rule: string, targets: readonly LiveTarget[], live: LiveSnapshot, report: TargetReport): void {
  const own = targets.find((t) => isTargetOf(target, t.arn));
  const what = `${KIND_NOUN[target.kind]} ${target.resource}`;
  if (!own) {
    const others = targets.map((t) => parseTargetArn(t.arn)).filter((p) => p.kind !== 'other');
    if (others.length > 0 && others.every((p) => p.kind !== target.kind)) {
      report('drift/target-kind', `rule ${rule.split('/')[1]} (consumer ${consumer}) delivers to ${others.map((p) => `${KIND_NOUN[p.kind as ResolvedTarget['kind']]} ${p.name}`).join(', ')}; the manifest says ${what}`, 'target/kind');
    } else {
      report('drift/missing-target', `rule ${rule.split('/')[1]} does not deliver to ${what}`, target.field);
    }
    return;
  }
  checkTargetSettings(target, consumer, own, live, report);
}

/** DeadLetterConfig, RetryPolicy, InputTransformer and KinesisParameters of the consumer's own target. */
function checkTargetSettings(target: ResolvedTarget, consumer: string, own: LiveTarget, live: LiveSnapshot, report: TargetReport): void {
  const settings = own.settings ?? {};
  const liveDlq = own.deadLetterArn ? queueNameOf(own.deadLetterArn) : undefined;
  if (liveDlq !== target.deadLetter) {
    report(
      'drift/target-dlq',
      liveDlq === undefined
        ? `target ${own.id} (consumer ${consumer}) has no DeadLetterConfig; the manifest says ${target.deadLetter}`
        : target.deadLetter === undefined
          ? `target ${own.id} (consumer ${consumer}) dead-letters to ${liveDlq}, which the manifest does not declare`
          : `target ${own.id} (consumer ${consumer}) dead-letters to ${liveDlq}, not ${target.deadLetter}`,
      target.deadLetter ? 'target/deadLetter' : 'target',
    );
  }
  const declared = declaredTargetSettings(target, target.deadLetter ? (live.queues[target.deadLetter]?.arn ?? target.deadLetter) : undefined);
  const differs = (key: string) => canonicalJson(settings[key] ?? null) !== canonicalJson(declared[key] ?? null);
  if (differs('RetryPolicy')) {
    report('drift/target-retry', `target ${own.id} (consumer ${consumer}) retries ${describeRetry(settings.RetryPolicy)}; the manifest says ${describeRetry(declared.RetryPolicy)}`, target.retry ? 'target/retry' : 'target');
  }
  if (differs('InputTransformer')) {
    report('drift/target-input', `target ${own.id} (consumer ${consumer}) ${settings.InputTransformer ? 'transforms its input' : 'gets the whole event'}, ${declared.InputTransformer ? 'not with the declared transformer' : 'but the manifest declares no transformer'}`, target.input ? 'target/input' : 'target');
  }
  if (differs('KinesisParameters')) {
    const path = (v: unknown) => (v as { PartitionKeyPath?: string } | undefined)?.PartitionKeyPath ?? 'the event id';
    report('drift/target-input', `target ${own.id} (consumer ${consumer}) is partitioned by ${path(settings.KinesisParameters)}; the manifest says ${path(declared.KinesisParameters)}`, 'target/partitionKey');
  }
}

function describeRetry(policy: unknown): string {
  const p = policy as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } | undefined;
  if (!p) return "by EventBridge's default (185 attempts, 24 h)";
  return `${p.MaximumRetryAttempts ?? 185} attempts over ${p.MaximumEventAgeInSeconds ?? 86400}s`;
}

function queueArnLike(arn: string): boolean {
  return arn.startsWith('arn:aws:sqs:') || arn.includes(':sqs:');
}
