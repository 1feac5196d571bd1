import { targetOf } from '../manifest/consumer-target.js';
import type { Consumer, ConsumerClass, Environment, Manifest, TargetKind } from '../manifest/model.js';
import { projectAccount } from '../ops/account-projection.js';
import { replayRuleName } from '../ops/replay-rule.js';

/**
 * Who owns what: the resources a replay or redrive can touch, and the consumers that claim them
 * in the trusted manifest. Pure. The gate never believes a plan's `consumer`/`class`: it resolves
 * every resource the run touches to an ARN (with AWS) and asks this module who owns it.
 *
 * A resource is generic (kind + ARN + account + region) so other target kinds (Lambda, Step
 * Functions, Kinesis, SNS target DLQs) and other accounts plug in by adding claims, not gates.
 */
export type ResourceKind = 'eventbridge-rule' | 'sqs-queue' | (string & {});

/** A resource the run touches, as resolved with AWS (never as written in a plan). */
export interface GateResource {
  kind: ResourceKind;
  /** The ARN AWS returned for it (e.g. QueueArn, DescribeRule Arn). */
  arn: string;
  account: string;
  region: string;
  /** How the run touches it, for messages: "replay filter", "redrive source", "redrive destination". */
  use: ResourceUse;
  /** What the plan (or command) named, for messages (a queue URL, a rule ARN). */
  named: string;
}

export type ResourceUse = 'replay-filter' | 'redrive-source' | 'redrive-destination';

/**
 * The role a resource plays for its consumer. `target-dlq` is an EventBridge target's
 * DeadLetterConfig queue; `target` the Lambda function, state machine, stream or topic it feeds
 * back to (an SQS target is the consumer's `queue`).
 */
export type ClaimRole = 'rule' | 'replay-rule' | 'queue' | 'dlq' | 'target-dlq' | 'target';

/** One consumer's claim on one resource, from the trusted manifest. */
export interface ResourceClaim {
  consumer: string;
  class: ConsumerClass;
  role: ClaimRole;
  kind: ResourceKind;
  arn: string;
}

/** Where the manifest's resources live: its `aws:` (or, without one, the run's account/region). */
export interface ResourceScope {
  partition?: string;
  account: string;
  region: string;
}

export function queueArn(scope: ResourceScope, name: string): string {
  return `arn:${scope.partition ?? 'aws'}:sqs:${scope.region}:${scope.account}:${name}`;
}

export function ruleArn(scope: ResourceScope, bus: string, name: string): string {
  const path = bus === 'default' ? name : `${bus}/${name}`;
  return `arn:${scope.partition ?? 'aws'}:events:${scope.region}:${scope.account}:rule/${path}`;
}

/** Resource kinds of the push targets a target DLQ is redriven to. */
export const TARGET_RESOURCE_KINDS: Readonly<Partial<Record<TargetKind, ResourceKind>>> = {
  lambda: 'lambda-function',
  stepfunctions: 'sfn-state-machine',
  kinesis: 'kinesis-stream',
  sns: 'sns-topic',
};

/** The ARN of a push target by kind and name (unqualified: a function, not a version). */
export function targetArn(scope: ResourceScope, kind: TargetKind, name: string): string | undefined {
  const at = `${scope.partition ?? 'aws'}:`;
  const where = `${scope.region}:${scope.account}`;
  switch (kind) {
    case 'lambda':
      return `arn:${at}lambda:${where}:function:${name}`;
    case 'stepfunctions':
      return `arn:${at}states:${where}:stateMachine:${name}`;
    case 'kinesis':
      return `arn:${at}kinesis:${where}:stream/${name}`;
    case 'sns':
      return `arn:${at}sns:${where}:${name}`;
    default:
      return undefined;
  }
}

function busesOf(manifest: Manifest, consumer: Consumer): string[] {
  const topicBus = new Map(manifest.topics.map((t) => [t.name, t.bus]));
  return [...new Set(consumer.subscribes.flatMap((t) => (topicBus.has(t) ? [topicBus.get(t)!] : [])))].sort();
}

/** Every claim the manifest makes: each consumer's rule and replay rule (per bus), queue and DLQ. */
export function manifestClaims(manifest: Manifest, scope: ResourceScope): ResourceClaim[] {
  const claims: ResourceClaim[] = [];
  for (const consumer of manifest.consumers) {
    const base = { consumer: consumer.name, class: consumer.class };
    for (const bus of busesOf(manifest, consumer)) {
      if (consumer.rule) claims.push({ ...base, role: 'rule', kind: 'eventbridge-rule', arn: ruleArn(scope, bus, consumer.rule) });
      const replayRule = replayRuleName(consumer);
      if (replayRule) claims.push({ ...base, role: 'replay-rule', kind: 'eventbridge-rule', arn: ruleArn(scope, bus, replayRule) });
    }
    if (consumer.queue) claims.push({ ...base, role: 'queue', kind: 'sqs-queue', arn: queueArn(scope, consumer.queue) });
    if (consumer.dlq) claims.push({ ...base, role: 'dlq', kind: 'sqs-queue', arn: queueArn(scope, consumer.dlq) });
    const target = targetOf(consumer);
    // One queue as both DLQs is one claim (the queue DLQ's).
    if (target?.deadLetter && target.deadLetter !== consumer.dlq) claims.push({ ...base, role: 'target-dlq', kind: 'sqs-queue', arn: queueArn(scope, target.deadLetter) });
    const kind = target ? TARGET_RESOURCE_KINDS[target.kind] : undefined;
    const arn = target && kind ? targetArn(scope, target.kind, target.resource) : undefined;
    if (kind && arn) claims.push({ ...base, role: 'target', kind, arn });
  }
  return claims;
}

/**
 * With environments: each account's part of the platform (its consumers, their rules on the bus
 * they receive on) claimed in the account id its alias maps to, in every region of the
 * environment. A consumer's resources are claimed nowhere else, so the same queue name in
 * another account of the environment is owned by no one.
 */
export function environmentClaims(manifest: Manifest, environment: Environment): ResourceClaim[] {
  const aliases = Object.keys(environment.accounts);
  return aliases.flatMap((alias) => {
    const part = projectAccount(manifest, alias, aliases.length === 1).manifest;
    return environment.regions.flatMap((region) => manifestClaims(part, { account: environment.accounts[alias]!, region }));
  });
}

/** The account id a consumer lives in under an environment (its alias, or the only account). */
export function consumerAccount(consumer: Pick<Consumer, 'account'>, environment: Environment): string | undefined {
  const aliases = Object.keys(environment.accounts);
  const alias = consumer.account ?? (aliases.length === 1 ? aliases[0] : undefined);
  return alias === undefined ? undefined : environment.accounts[alias];
}

/**
 * Resources claimed more than once (by two consumers, or twice by one), with their claims. A
 * push target may serve several rules (one function, many consumers): it is not a conflict, and
 * a redrive to it reaches every owner, so the strictest class among them decides.
 */
export function claimConflicts(claims: readonly ResourceClaim[]): Array<{ arn: string; owners: ResourceClaim[] }> {
  const byArn = new Map<string, ResourceClaim[]>();
  for (const claim of claims) if (claim.role !== 'target') byArn.set(claim.arn, [...(byArn.get(claim.arn) ?? []), claim]);
  return [...byArn].filter(([, owners]) => owners.length > 1).map(([arn, owners]) => ({ arn, owners }));
}

/** Each conflict as one line: an error in `validate` and in the gate. */
export function conflictingClaims(claims: readonly ResourceClaim[]): string[] {
  return claimConflicts(claims).map(({ arn, owners }) => `${arn} is claimed by ${owners.map((o) => `${o.consumer} (${o.role})`).join(' and ')}; each resource belongs to one consumer`);
}

/** The claims on a resource (by exact ARN and kind). */
export function ownersOf(resource: Pick<GateResource, 'arn' | 'kind'>, claims: readonly ResourceClaim[]): ResourceClaim[] {
  return claims.filter((c) => c.kind === resource.kind && c.arn === resource.arn);
}

/** Which roles a resource may play for the use the run makes of it. */
export const ROLES_FOR_USE: Readonly<Record<ResourceUse, readonly ClaimRole[]>> = {
  // A replay reaches a consumer through its rule (projection/workflow) or its opt-in replay rule.
  'replay-filter': ['rule', 'replay-rule'],
  'redrive-source': ['dlq', 'target-dlq'],
  'redrive-destination': ['queue', 'target'],
};
