import type { LiveArchive, LiveRule, LiveTarget } from '../aws/eventbridge.js';
import type { RedrivePolicy } from '../aws/sqs.js';
import type { Bus, Consumer, ConsumerClass, Manifest, Topic } from '../manifest/model.js';
import { queueNameOf } from '../ops/arn.js';
import { REPLAY_RULE_SUFFIX } from '../ops/replay-rule.js';
import { draftTarget } from './draft-target.js';

/**
 * `eventctl import`, the pure part: what an account holds → a draft manifest with review notes.
 * Nothing here is final: every guessed class carries a note, patterns it cannot reduce to
 * (source, detail-type) pairs are kept as notes with the rule name, and so is what a rule target
 * does not tell (see draft-target.ts).
 */
export interface AccountBus {
  name: string;
  rules: LiveRule[];
  /** By rule name. */
  targets: Record<string, LiveTarget[]>;
  archives: LiveArchive[];
}

export interface AccountView {
  region?: string;
  account?: string;
  buses: AccountBus[];
  /** Queues reached by targets (by name): redrive policy when readable. */
  queues: Record<string, { redrivePolicy?: RedrivePolicy } | null>;
  /** State machine types (`STANDARD`/`EXPRESS`) by name, when a rule targets Step Functions. */
  stateMachineTypes?: ReadonlyMap<string, string | undefined>;
}

export interface DraftSchema {
  topic: string;
  path: string;
  schema: Record<string, unknown>;
  samples: number;
}

export interface Draft {
  manifest: Manifest;
  /** Comment lines to print above a topic or consumer (by name), or at the end (`rules`). */
  notes: { topics: Record<string, string[]>; consumers: Record<string, string[]>; rules: string[] };
  schemas: DraftSchema[];
}

interface TopicKey {
  bus: string;
  source: string;
  detailType: string;
}

type ReplayClause = 'exclude' | 'eventctl-only' | 'none';

/** A pattern reduced to (source, detail-type) pairs, or why it could not be. */
export function reducePattern(pattern: unknown): { pairs: Array<{ source: string; detailType: string }>; replay: ReplayClause } | { reason: string } {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) return { reason: 'no event pattern (scheduled rule?)' };
  const { $or, 'replay-name': replayName, ...rest } = pattern as Record<string, unknown>;
  let replay: ReplayClause = 'none';
  if (replayName !== undefined) {
    const text = JSON.stringify(replayName);
    if (text === '[{"exists":false}]') replay = 'exclude';
    else if (/^\[\{"prefix":"[^"]+"\}\]$/.test(text)) replay = 'eventctl-only';
    else return { reason: `replay-name filter ${text} is not one eventctl writes` };
  }
  const branches = $or === undefined ? [rest] : Array.isArray($or) && Object.keys(rest).length === 0 ? ($or as unknown[]) : undefined;
  if (!branches) return { reason: '$or mixed with other fields' };
  const pairs: Array<{ source: string; detailType: string }> = [];
  for (const branch of branches) {
    if (branch === null || typeof branch !== 'object') return { reason: 'a $or branch is not an object' };
    const { source, 'detail-type': detailType, ...other } = branch as Record<string, unknown>;
    const extra = Object.keys(other);
    if (extra.length > 0) return { reason: `filters on ${extra.join(', ')} as well as source and detail-type` };
    const strings = (v: unknown) => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
    const sources = strings(source);
    const types = strings(detailType);
    if (!sources || !types) return { reason: 'source and detail-type are not both lists of exact values' };
    for (const s of sources) for (const t of types) pairs.push({ source: s, detailType: t });
  }
  return { pairs, replay };
}

/** `OrderPlaced` → `order.placed`; `order.placed` stays. */
export function topicNameFor(detailType: string): string {
  const words = detailType
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return words.length > 0 ? words.join('.') : 'topic';
}

const PROJECTION_WORDS = /(view|projection|read-?model|directory|index|search|cache|report|ledger|analytics)/i;
const WORKFLOW_WORDS = /(workflow|saga|starter|orchestrat|process-manager|state-?machine|capture)/i;

/** A class and the evidence for it; always shown to the user as a guess. */
export function guessClass(input: { replay: ReplayClause; names: string[]; targetKind: string }): { class: ConsumerClass; from: string } {
  if (input.replay === 'exclude') return { class: 'operational', from: 'the rule excluding replayed events' };
  if (input.targetKind === 'stepfunctions') return { class: 'workflow', from: 'a Step Functions target' };
  const words = input.names.join(' ');
  if (WORKFLOW_WORDS.test(words)) return { class: 'workflow', from: `the name ${input.names[0]}` };
  if (PROJECTION_WORDS.test(words)) return { class: 'projection', from: `the name ${input.names[0]}` };
  return { class: 'projection', from: 'the rule accepting replays (no side-effect guard)' };
}

export function draftManifest(platform: string, view: AccountView, samples: readonly unknown[] = []): Draft {
  const notes: Draft['notes'] = { topics: {}, consumers: {}, rules: [] };
  const topics = new Map<string, Topic>();
  const topicByKey = new Map<string, string>();
  const keyOf = (k: TopicKey) => `${k.bus}\u0000${k.source}\u0000${k.detailType}`;
  const usedNames = new Set<string>();
  const topicFor = (k: TopicKey): string => {
    const existing = topicByKey.get(keyOf(k));
    if (existing) return existing;
    let name = topicNameFor(k.detailType);
    if (usedNames.has(name)) name = `${name}.${k.source.split('.').pop() ?? 'x'}`;
    for (let i = 2; usedNames.has(name); i += 1) name = `${topicNameFor(k.detailType)}.${i}`;
    usedNames.add(name);
    topicByKey.set(keyOf(k), name);
    topics.set(name, { name, bus: k.bus, source: k.source, detailType: k.detailType });
    return name;
  };

  const buses: Bus[] = [];
  const consumers: Consumer[] = [];
  for (const bus of view.buses) {
    const archive = bus.archives[0];
    buses.push(archive ? { name: bus.name, archive: { name: archive.name, retentionDays: archive.retentionDays ?? 0 } } : { name: bus.name });
    for (const extra of bus.archives.slice(1)) notes.rules.push(`bus ${bus.name} has another archive, ${extra.name}: the manifest declares one per bus`);

    const own = bus.rules.filter((r) => !r.managedBy);
    const reduced = new Map(own.map((r) => [r.name, reducePattern(r.eventPattern)]));
    // Opt-in replay rules are the twin of a consumer rule (same targets), not consumers of their own.
    const replayTwins = new Map<string, string>();
    for (const rule of own) {
      const r = reduced.get(rule.name)!;
      if ('pairs' in r && r.replay === 'eventctl-only') {
        const targets = JSON.stringify((bus.targets[rule.name] ?? []).map((t) => t.arn).sort());
        const twin = own.find((o) => {
          const x = reduced.get(o.name)!;
          return o.name !== rule.name && 'pairs' in x && x.replay === 'exclude' && JSON.stringify((bus.targets[o.name] ?? []).map((t) => t.arn).sort()) === targets;
        });
        if (twin) replayTwins.set(twin.name, rule.name);
        else notes.rules.push(`rule ${bus.name}/${rule.name} takes only eventctl replays but mirrors no consumer rule: ${rule.eventPatternText ?? ''}`);
      }
    }
    for (const rule of own) {
      const r = reduced.get(rule.name)!;
      if (!('pairs' in r)) {
        notes.rules.push(`rule ${bus.name}/${rule.name}: pattern not reduced to topics (${r.reason}): ${rule.eventPatternText ?? '(none)'}`);
        continue;
      }
      if (r.replay === 'eventctl-only') continue;
      const subscribed = [...new Set(r.pairs.map((p) => topicFor({ bus: bus.name, ...p })))];
      const targets = bus.targets[rule.name] ?? [];
      if (targets.length === 0) notes.rules.push(`rule ${bus.name}/${rule.name} has no targets`);
      for (const target of targets) {
        const drafted = draftTarget(target, { region: view.region, account: view.account, stateMachineTypes: view.stateMachineTypes });
        const name = targets.length === 1 ? rule.name : `${rule.name}-${target.id}`;
        const queue = drafted.queue;
        const redrive = queue ? view.queues[queue]?.redrivePolicy : undefined;
        const guess = guessClass({ replay: r.replay, names: [rule.name, queue ?? '', target.id], targetKind: drafted.kind });
        const consumer: Consumer = { name, class: guess.class, subscribes: subscribed, rule: rule.name };
        const twin = replayTwins.get(rule.name);
        if (twin && twin !== `${rule.name}${REPLAY_RULE_SUFFIX}`) consumer.replayRule = twin;
        if (queue) consumer.queue = queue;
        if (redrive) {
          consumer.dlq = queueNameOf(redrive.deadLetterTargetArn);
          consumer.maxReceiveCount = redrive.maxReceiveCount;
        }
        if (drafted.target) consumer.target = drafted.target;
        const lines = [`class guessed from ${guess.from}: confirm`, ...drafted.notes];
        if (queue && view.queues[queue] === null) lines.push(`queue ${queue} could not be read`);
        notes.consumers[name] = lines;
        consumers.push(consumer);
      }
    }
  }

  const schemas: DraftSchema[] = [];
  const events = samples.flatMap(eventOf);
  for (const topic of topics.values()) {
    const matching = events.filter((e) => e.source === topic.source && e.detailType === topic.detailType).map((e) => e.detail);
    if (matching.length === 0) {
      notes.topics[topic.name] = ['TODO schema: no sample events (import --samples file.ndjson drafts one)'];
      continue;
    }
    const path = `schemas/${topic.name}.json`;
    topic.schema = path;
    schemas.push({ topic: topic.name, path, schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', title: topic.detailType, ...inferSchema(matching) }, samples: matching.length });
    notes.topics[topic.name] = [`schema drafted from ${matching.length} sample event(s): review required fields and formats`];
  }

  const manifest: Manifest = {
    apiVersion: 'eventctl/v1',
    platform,
    ...(view.region || view.account ? { aws: { ...(view.region ? { region: view.region } : {}), ...(view.account ? { account: view.account } : {}) } } : {}),
    buses,
    topics: [...topics.values()],
    consumers,
  };
  return { manifest, notes, schemas };
}

/** A sample line: an EventBridge event, or a `dlq inspect --export` line whose body is one. */
function eventOf(line: unknown): Array<{ source: string; detailType: string; detail: unknown }> {
  let value = line;
  if (value && typeof value === 'object' && 'body' in value) {
    const body = (value as { body: unknown }).body;
    value = typeof body === 'string' ? safeParse(body) : body;
  }
  if (!value || typeof value !== 'object') return [];
  const e = value as Record<string, unknown>;
  if (typeof e.source !== 'string' || typeof e['detail-type'] !== 'string') return [];
  return [{ source: e.source, detailType: e['detail-type'], detail: e.detail }];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A JSON Schema every sample satisfies: types, properties, fields present in all as required. */
export function inferSchema(values: readonly unknown[]): Record<string, unknown> {
  const types = new Set(values.map(jsonType));
  if (types.has('integer') && types.has('number')) types.delete('integer');
  if (types.size > 1) {
    const nonNull = [...types].filter((t) => t !== 'null');
    if (nonNull.length === 1 && nonNull[0] !== 'object' && nonNull[0] !== 'array') return { type: [nonNull[0], 'null'] };
    return {};
  }
  const type = [...types][0] ?? 'null';
  if (type === 'object') {
    const objects = values as Array<Record<string, unknown>>;
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
    const properties: Record<string, unknown> = {};
    for (const key of keys) properties[key] = inferSchema(objects.filter((o) => key in o).map((o) => o[key]));
    const required = keys.filter((k) => objects.every((o) => k in o));
    return { type: 'object', ...(required.length > 0 ? { required } : {}), properties };
  }
  if (type === 'array') {
    const items = (values as unknown[][]).flat();
    return items.length > 0 ? { type: 'array', items: inferSchema(items) } : { type: 'array' };
  }
  if (type === 'string') {
    const strings = values as string[];
    if (strings.every((s) => UUID.test(s))) return { type: 'string', format: 'uuid' };
    if (strings.every((s) => DATE_TIME.test(s))) return { type: 'string', format: 'date-time' };
    return { type: 'string' };
  }
  return { type };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
