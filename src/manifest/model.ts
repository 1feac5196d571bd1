import type { SourceLocation } from '../errors.js';

/** The platform manifest (README, "The manifest"), as written by the user after validation. */
export type ConsumerClass = 'operational' | 'projection' | 'workflow';
export const CONSUMER_CLASSES: readonly ConsumerClass[] = ['operational', 'projection', 'workflow'];

export type CompatibilityMode =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';
export const COMPATIBILITY_MODES: readonly CompatibilityMode[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

export type CompatibilityPolicy = 'strict' | 'lenient';

export interface AwsSettings {
  region?: string;
  account?: string;
  profile?: string;
}

export interface Defaults {
  compatibility?: CompatibilityMode;
  policy?: CompatibilityPolicy;
}

export interface Bus {
  name: string;
  /** Account alias (a key of every environment's `accounts`) the bus lives in. */
  account?: string;
  /** Hub bus whose events a rule forwards to this (spoke) bus, across accounts. */
  forwardFrom?: string;
  archive?: { name: string; retentionDays?: number };
}

export interface Topic {
  name: string;
  bus: string;
  source: string;
  detailType: string;
  schema?: string;
  compatibility?: CompatibilityMode;
  policy?: CompatibilityPolicy;
  owner?: string;
  correlation?: string;
  /** Declared major version; a bump allows breaking changes. */
  version?: number | string;
  description?: string;
}

export interface KeyWindow {
  key: string;
  windowHours?: number;
}

export interface LagSlo {
  maxAgeSeconds?: number;
  maxDepth?: number;
}

export interface Consumer {
  name: string;
  class: ConsumerClass;
  /** Account alias the consumer's rule, queue and DLQ live in. */
  account?: string;
  owner?: string;
  subscribes: string[];
  rule?: string;
  /**
   * Operational only: the opt-in rule replays are sent to (default `<rule>-replay`), since the
   * consumer's own rule excludes replayed events.
   */
  replayRule?: string;
  queue?: string;
  dlq?: string;
  /** `maxReceiveCount` of the queue's redrive policy (sandbox and drift). */
  maxReceiveCount?: number;
  idempotency?: KeyWindow;
  dedupe?: KeyWindow;
  correlation?: string;
  sideEffects?: string[];
  rebuildable?: boolean;
  workflow?: string;
  lag?: LagSlo;
  /** Extra roles a consumer claims; more than one class is a lint error. */
  roles?: ConsumerClass[];
  description?: string;
  /**
   * What the consumer reads, per subscribed topic: JSON pointers into the event
   * (`{ order.placed: [/detail/orderId] }`). A topic without an entry is read whole, so every
   * breaking change to it reaches this consumer; `schema check` uses this to tell whom a break hurts.
   */
  reads?: Record<string, string[]>;
  /** What the consumer's rule delivers to; absent: the SQS `queue` above (see consumer-target.ts). */
  target?: ConsumerTarget;
  /** A stream consumer (e.g. a Lambda event source mapping): the Kinesis stream it reads. */
  readsStream?: string;
}

/** How a platform runs a consumer: the kind of its EventBridge rule target. */
export type TargetKind = 'sqs' | 'lambda' | 'stepfunctions' | 'kinesis' | 'sns' | 'api-destination' | 'eventbus';
export const TARGET_KINDS: readonly TargetKind[] = ['sqs', 'lambda', 'stepfunctions', 'kinesis', 'sns', 'api-destination', 'eventbus'];

export interface TargetRetry {
  /** EventBridge RetryPolicy.MaximumRetryAttempts (0–185). */
  maxAttempts?: number;
  /** RetryPolicy.MaximumEventAgeInSeconds (60–86400). */
  maxEventAgeSeconds?: number;
}

/**
 * The rule target. One resource field per kind: `function` (lambda), `stateMachine` (+ `type`,
 * `executionName`; stepfunctions), `stream` (+ `partitionKey`; kinesis), `topic` (sns),
 * `apiDestination`, `eventBus`; an `sqs` target uses the consumer's `queue`.
 */
export interface ConsumerTarget {
  kind: TargetKind;
  function?: string;
  stateMachine?: string;
  type?: 'standard' | 'express';
  /** Standard state machines: the event pointer execution names derive from (dedupe for 90 days). */
  executionName?: string;
  stream?: string;
  /** Kinesis: the event pointer used as partition key (ordering per key). */
  partitionKey?: string;
  topic?: string;
  apiDestination?: string;
  eventBus?: string;
  /** EventBridge target DLQ (DeadLetterConfig): an SQS queue name. */
  deadLetter?: string;
  retry?: TargetRetry;
  /** EventBridge InputTransformer. */
  input?: { paths?: Record<string, string>; template: string };
}

export interface Workflow {
  name: string;
  engine: string;
  stateMachine?: string;
}

export interface LintSettings {
  extends?: string | string[];
  rules?: Record<string, 'error' | 'warn' | 'info' | 'off'>;
  overrides?: Array<{
    consumers?: string[];
    topics?: string[];
    rules: Record<string, 'error' | 'warn' | 'info' | 'off'>;
  }>;
  waivers?: Waiver[];
}

export interface Waiver {
  rule: string;
  /** The consumer, topic or bus the waiver covers (`subject.name`), or a schema fingerprint. */
  subject?: string;
  fingerprint?: string;
  reason: string;
  expires: string;
  approver?: string;
}

export interface Manifest {
  apiVersion: 'eventctl/v1';
  platform: string;
  aws?: AwsSettings;
  defaults?: Defaults;
  buses: Bus[];
  topics: Topic[];
  consumers: Consumer[];
  workflows?: Workflow[];
  replay?: { approvalPolicy?: string };
  observability?: {
    tracing?: { propagation?: string };
    lagAlarms?: boolean;
  };
  runbooks?: Record<string, string>;
  lint?: LintSettings;
  schemaWaivers?: SchemaWaiver[];
  /** Team-owned files merged into this platform (patterns relative to the manifest). */
  include?: string[];
  /** Named sets of accounts and regions the platform runs in (`--env`). */
  environments?: Record<string, Environment>;
}

/** One deployment of the platform: account aliases to ids, regions, and how to reach each account. */
export interface Environment {
  accounts: Record<string, string>;
  regions: string[];
  /** Role assumed in every account (`arn:aws:iam::<id>:role/<roleName>`). */
  roleName?: string;
  /** Role ARN template; `{account}` becomes each account id. */
  roleArn?: string;
  externalId?: string;
  /** Profile for the first hop (before `--profile`/AWS_PROFILE-less defaults). */
  profile?: string;
}

/** A team-owned file named by `include:`: parts of the platform, merged at load time. */
export interface TeamManifest {
  apiVersion: 'eventctl/v1';
  /** Default `owner` of the file's topics and consumers. */
  owner?: string;
  /** Default `account` of the file's buses and consumers. */
  account?: string;
  buses?: Bus[];
  topics?: Topic[];
  consumers?: Consumer[];
}

/** A schema waiver; `approvals` names a directory of DSSE approval envelopes signed by the affected owners. */
export interface SchemaWaiver extends Waiver {
  approvals?: string;
}

/** A topic's JSON Schema, loaded and parsed. */
export interface LoadedSchema {
  topic: string;
  /** Absolute path. */
  path: string;
  /** Path relative to the repository root (for reports). */
  relativePath: string;
  text: string;
  document: unknown;
}

/** A manifest after loading: the data plus where each part came from. */
export interface LoadedManifest {
  /** Absolute path of the manifest file. */
  file: string;
  /** Manifest path relative to `root`, used in reports. */
  relativeFile: string;
  /** Directory of the manifest; references resolve from here. */
  dir: string;
  /** Repository root (nearest `.git` upward, else `dir`); no reference may leave it. */
  root: string;
  manifest: Manifest;
  /** Source position of the node at a JSON pointer (e.g. `/consumers/3/class`), or of its closest ancestor. */
  locate(pointer: string): SourceLocation;
  /** Schemas by topic name (only topics whose schema loaded). */
  schemas: Map<string, LoadedSchema>;
  /** Team files merged in by `include:` (paths relative to `root`), in merge order. */
  includedFiles?: string[];
}
