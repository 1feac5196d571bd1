import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { readUserFile } from '../io/read-user-file.js';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { CONSUMER_CLASSES, type ConsumerClass } from '../manifest/model.js';
import { canonicalBytes, parseCanonical } from './canonical-json.js';
import { SHA256_HEX, sha256Hex } from './digest.js';
import { addMinutes, instantMs, toInstant } from './instant.js';
import { formatProblems, ShapeReader, type ShapeProblem } from './shape.js';

/**
 * The plan every approval signs, shared by archive replay and DLQ redrive. Written once as
 * RFC 8785 bytes; its sha256 is the approval subject, so any change voids every approval.
 */
export const PLAN_TYPE = 'https://eventctl.dev/plan/v1';
export const PLAN_FILE = 'plan.json';
export const MAX_PLAN_BYTES = 64 * 1024;

export type PlanKind = 'replay' | 'redrive';
export const PLAN_KINDS: readonly PlanKind[] = ['replay', 'redrive'];

export interface PlanTarget {
  consumer: string;
  class: ConsumerClass;
  /** replay: the rule the replay is filtered to (`FilterArns`). */
  ruleArn?: string;
  /** replay (optional): sha256 of the rule's pattern, state and targets at plan time, rechecked at run. */
  ruleSha256?: string;
  /** redrive: the DLQ messages are moved from. */
  dlqUrl?: string;
  /** redrive: the queue messages are moved back to. */
  queueUrl?: string;
  /** With environments: the account and region the target lives in (the run acts there, nowhere else). */
  account?: string;
  region?: string;
  /** redrive from an EventBridge target DLQ: the one target (Lambda, state machine, stream, topic, queue) events go back to. */
  targetArn?: string;
}

export interface Plan {
  _type: typeof PLAN_TYPE;
  kind: PlanKind;
  /** Random UUID; the execution name (`ectl-<planId>`) and the journal key derive from it. */
  planId: string;
  createdAt: string;
  expiresAt: string;
  /** Principal (policy name) of the person asking; never counts as an approver. */
  requester: string;
  reason?: string;
  aws: { account: string; region: string };
  /** replay only. */
  archiveArn?: string;
  /** replay only. */
  eventBusArn?: string;
  /** Event time window (required for replay; optional for redrive, e.g. message age). */
  window?: { start: string; end: string };
  targets: PlanTarget[];
  /** `events` is an estimate; `maxEvents` is the cap approvers agree to. */
  estimate: { events: number; maxEvents: number; method: string };
  /** The approval policy this plan was made under; any policy change voids its approvals. */
  policy: { version: number; sha256: string };
}

/** A plan as read back: exact bytes, their digest, and the parsed value. */
export interface PlanArtifact {
  bytes: Buffer;
  /** sha256 hex of `bytes`: the approval subject. */
  digest: string;
  plan: Plan;
}

/** What a caller decides; `newPlan` adds the type, id, times and the pinned policy. */
export type NewPlanInput = Omit<Plan, '_type' | 'planId' | 'createdAt' | 'expiresAt' | 'policy'>;

export interface NewPlanOptions {
  now: Date;
  /** How long approvals may be collected and the plan run; keep it short (policy caps it). */
  ttlMinutes: number;
  policy: { version: number; sha256: string };
  /** Injected in tests; a fresh random UUID otherwise. */
  planId?: string;
}

/** A fresh plan with a new id, creation and expiry times and the pinned policy digest. */
export function newPlan(input: NewPlanInput, options: NewPlanOptions): Plan {
  const plan: Plan = {
    _type: PLAN_TYPE,
    ...input,
    planId: options.planId ?? randomUUID(),
    createdAt: toInstant(options.now),
    expiresAt: toInstant(addMinutes(options.now, options.ttlMinutes)),
    policy: { version: options.policy.version, sha256: options.policy.sha256 },
  };
  const problems = checkPlan(plan).problems;
  if (problems.length > 0) throw planError(problems);
  return plan;
}

/** What every eventctl execution name starts with; operational opt-in replay rules match on it. */
export const REPLAY_NAME_PREFIX = 'ectl-';

/** `ectl-<planId>`: the EventBridge ReplayName (AWS refuses a duplicate) and the journal key. */
export function executionName(plan: Pick<Plan, 'planId'>): string {
  return `${REPLAY_NAME_PREFIX}${plan.planId}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:\S+$/;
const QUEUE_URL = /^https?:\/\/\S+$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Validates any value as a plan; unknown fields anywhere are problems. */
export function checkPlan(value: unknown): { plan?: Plan; problems: ShapeProblem[] } {
  const r = new ShapeReader();
  const o = r.object(value, '', ['_type', 'kind', 'planId', 'createdAt', 'expiresAt', 'requester', 'reason', 'aws', 'archiveArn', 'eventBusArn', 'window', 'targets', 'estimate', 'policy'],
    ['_type', 'kind', 'planId', 'createdAt', 'expiresAt', 'requester', 'aws', 'targets', 'estimate', 'policy']);
  if (!o) return { problems: r.problems };
  if (o._type !== PLAN_TYPE) r.fail('/_type', `must be ${PLAN_TYPE}`);
  const kind = r.oneOf(o.kind, '/kind', PLAN_KINDS);
  r.string(o.planId, '/planId', { pattern: UUID, patternName: 'a lowercase UUID' });
  const createdAt = r.instant(o.createdAt, '/createdAt');
  const expiresAt = r.instant(o.expiresAt, '/expiresAt');
  if (createdAt && expiresAt && instantMs(expiresAt) <= instantMs(createdAt)) r.fail('/expiresAt', 'must be after createdAt');
  r.string(o.requester, '/requester', { pattern: NAME, patternName: 'a principal name' });
  r.optionalString(o.reason, '/reason', { maxLength: 1000 });
  const aws = r.object(o.aws, '/aws', ['account', 'region'], ['account', 'region']);
  if (aws) {
    r.string(aws.account, '/aws/account', { pattern: ACCOUNT_ID, patternName: 'a 12-digit account id' });
    r.string(aws.region, '/aws/region', { pattern: REGION, patternName: 'an AWS region' });
  }
  if (o.window !== undefined) {
    const window = r.object(o.window, '/window', ['start', 'end'], ['start', 'end']);
    if (window) {
      const start = r.instant(window.start, '/window/start');
      const end = r.instant(window.end, '/window/end');
      if (start && end && instantMs(end) <= instantMs(start)) r.fail('/window/end', 'must be after window.start');
    }
  }
  if (kind === 'replay') {
    r.string(o.archiveArn, '/archiveArn', { pattern: ARN, patternName: 'an archive ARN' });
    r.string(o.eventBusArn, '/eventBusArn', { pattern: ARN, patternName: 'an event bus ARN' });
    if (o.window === undefined) r.fail('/window', 'a replay needs a time window');
  } else if (kind === 'redrive') {
    if (o.archiveArn !== undefined) r.fail('/archiveArn', 'only a replay has an archive');
    if (o.eventBusArn !== undefined) r.fail('/eventBusArn', 'only a replay has an event bus');
  }
  // "All rules" is never an option: at least one named target.
  const targets = r.array(o.targets, '/targets', { min: 1, max: 100 }) ?? [];
  const seen = new Set<string>();
  targets.forEach((item, i) => {
    const at = `/targets/${i}`;
    const t = r.object(item, at, ['consumer', 'class', 'ruleArn', 'ruleSha256', 'dlqUrl', 'queueUrl', 'targetArn', 'account', 'region'], ['consumer', 'class']);
    if (!t) return;
    if (t.account !== undefined) r.string(t.account, `${at}/account`, { pattern: ACCOUNT_ID, patternName: 'a 12-digit account id' });
    if (t.region !== undefined) r.string(t.region, `${at}/region`, { pattern: REGION, patternName: 'an AWS region' });
    if ((t.account === undefined) !== (t.region === undefined)) r.fail(at, 'a target names both its account and its region, or neither');
    const consumer = r.string(t.consumer, `${at}/consumer`, { pattern: NAME, patternName: 'a consumer name' });
    if (consumer !== undefined) {
      if (seen.has(consumer)) r.fail(`${at}/consumer`, `consumer '${consumer}' is listed twice`);
      seen.add(consumer);
    }
    r.oneOf(t.class, `${at}/class`, CONSUMER_CLASSES);
    if (kind === 'replay') {
      r.string(t.ruleArn, `${at}/ruleArn`, { pattern: ARN, patternName: 'a rule ARN' });
      if (t.ruleSha256 !== undefined) r.string(t.ruleSha256, `${at}/ruleSha256`, { pattern: SHA256_HEX, patternName: 'a hex sha256' });
      if (t.dlqUrl !== undefined || t.queueUrl !== undefined || t.targetArn !== undefined) r.fail(at, 'a replay target names a rule, not queues');
    } else if (kind === 'redrive') {
      r.string(t.dlqUrl, `${at}/dlqUrl`, { pattern: QUEUE_URL, patternName: 'a queue URL' });
      // A queue DLQ goes back to its queue; an EventBridge target DLQ to its one target (by ARN).
      if (t.targetArn === undefined) r.string(t.queueUrl, `${at}/queueUrl`, { pattern: QUEUE_URL, patternName: 'a queue URL' });
      else if (t.queueUrl !== undefined) r.fail(at, 'a redrive target names a queue or a target ARN, not both');
      else r.string(t.targetArn, `${at}/targetArn`, { pattern: ARN, patternName: 'an ARN' });
      if (t.ruleArn !== undefined || t.ruleSha256 !== undefined) r.fail(at, 'a redrive target names queues, not a rule');
    }
  });
  const estimate = r.object(o.estimate, '/estimate', ['events', 'maxEvents', 'method'], ['events', 'maxEvents', 'method']);
  if (estimate) {
    const events = r.integer(estimate.events, '/estimate/events');
    const maxEvents = r.integer(estimate.maxEvents, '/estimate/maxEvents', 1);
    if (events !== undefined && maxEvents !== undefined && events > maxEvents) r.fail('/estimate/events', 'the estimate exceeds maxEvents');
    r.string(estimate.method, '/estimate/method', { maxLength: 100 });
  }
  const policy = r.object(o.policy, '/policy', ['version', 'sha256'], ['version', 'sha256']);
  if (policy) {
    r.integer(policy.version, '/policy/version', 1);
    r.string(policy.sha256, '/policy/sha256', { pattern: SHA256_HEX, patternName: 'a hex sha256' });
  }
  return r.problems.length === 0 ? { plan: value as Plan, problems: [] } : { problems: r.problems };
}

function planError(problems: readonly ShapeProblem[], what = 'plan'): InputError {
  return InputError.fromProblems(formatProblems(problems).map((message) => ({ message: `${what}: ${message}` })));
}

/** The canonical bytes of a valid plan. */
export function encodePlan(plan: Plan): Buffer {
  const problems = checkPlan(plan).problems;
  if (problems.length > 0) throw planError(problems);
  return canonicalBytes(plan);
}

/** Parses plan bytes: size cap, canonical form (fails closed), strict shape. Pure. */
export function parsePlanBytes(bytes: Uint8Array, what = 'plan.json'): PlanArtifact {
  if (bytes.byteLength > MAX_PLAN_BYTES) throw new InputError(`${what} is larger than ${MAX_PLAN_BYTES} bytes`);
  const value = parseCanonical(bytes, what);
  const { plan, problems } = checkPlan(value);
  if (!plan) throw planError(problems, what);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { bytes: buffer, digest: sha256Hex(buffer), plan };
}

/**
 * Writes `<dir>/plan.json` as canonical bytes. Refuses to overwrite: a new plan is a new
 * directory (approvals beside an overwritten plan would silently become void).
 */
export async function writePlan(dir: string, plan: Plan): Promise<PlanArtifact & { file: string }> {
  const bytes = encodePlan(plan);
  await mkdir(dir, { recursive: true });
  const file = join(dir, PLAN_FILE);
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${file} already exists`, { hint: 'write each plan to a new directory' });
    }
    throw error;
  }
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
  return { bytes, digest: sha256Hex(bytes), plan, file };
}

/** Reads `<dir>/plan.json`: exact bytes, digest and the parsed plan (refuses non-canonical bytes). */
export async function readPlan(dir: string): Promise<PlanArtifact & { file: string }> {
  const file = join(dir, PLAN_FILE);
  // A requester controls the directory: regular file only, bounded by the bytes actually read.
  const bytes = await readUserFile(file, { maxBytes: MAX_PLAN_BYTES, what: 'plan', shownAs: file, noFollow: true });
  return { ...parsePlanBytes(bytes, file), file };
}
