import { REPLAY_NAME_PREFIX } from '../approval/plan.js';
import type { Consumer, Topic } from '../manifest/model.js';

/**
 * EventBridge event patterns built from the manifest's topics, and the small part of pattern
 * matching eventctl needs to check live rules against them (moto's TestEventPattern is a stub,
 * and a local evaluator needs no permission).
 */

/** Replayed events carry a top-level `replay-name`; this clause keeps them out. */
export const REPLAY_GUARD = { 'replay-name': [{ exists: false }] } as const;

/** This clause lets in only eventctl's replays (named `ectl-<planId>`), never a live event. */
export const REPLAY_OPT_IN = { 'replay-name': [{ prefix: REPLAY_NAME_PREFIX }] } as const;

/**
 * Our decision: operational rules exclude replayed events server-side (the only control IAM cannot
 * bypass, since events:StartReplay has no condition keys), so an unfiltered replay, e.g. from the
 * console, never reaches side effects. Each operational consumer also has an opt-in replay rule
 * (`<rule>-replay`, see replay-rule.ts): same topics and targets, but `"replay-name": [{"prefix":
 * "ectl-"}]`, so it only ever sees eventctl's replays, and `replay plan` names it in FilterArns.
 * The prefix is a naming convention, not a secret: anyone allowed StartReplay could pick such a
 * name; the approval gate covers eventctl's own runs. Workflow and projection rules accept
 * replays; workflow consumers dedupe by correlation id and replays to them are gated by approvals.
 */
export function guardsReplays(consumer: Pick<Consumer, 'class'>): boolean {
  return consumer.class === 'operational';
}

/** How a rule treats replayed events: as live ones (`accept`), never (`exclude`), or only eventctl's (`eventctl-only`). */
export type ReplayHandling = 'accept' | 'exclude' | 'eventctl-only';

export interface PatternOptions {
  replays?: ReplayHandling;
}

/**
 * The pattern for a set of topics: `{source, detail-type}` when they share one source, otherwise
 * an `$or` of one branch per source, so no (source, detail-type) pair outside the topics matches.
 */
export function buildEventPattern(topics: readonly Pick<Topic, 'source' | 'detailType'>[], options: PatternOptions = {}): Record<string, unknown> {
  const bySource = new Map<string, Set<string>>();
  for (const topic of topics) {
    const types = bySource.get(topic.source) ?? new Set<string>();
    types.add(topic.detailType);
    bySource.set(topic.source, types);
  }
  const sources = [...bySource.keys()].sort();
  const branch = (source: string) => ({ source: [source], 'detail-type': [...bySource.get(source)!].sort() });
  const guard = options.replays === 'exclude' ? REPLAY_GUARD : options.replays === 'eventctl-only' ? REPLAY_OPT_IN : {};
  if (sources.length === 1) return { ...branch(sources[0]!), ...guard };
  return { $or: sources.map(branch), ...guard };
}

// ---------------------------------------------------------------------------------------------
// Matching (the subset that concerns source, detail-type and replay-name)
// ---------------------------------------------------------------------------------------------

export type MatchVerdict = true | false | 'unknown';

function and(a: MatchVerdict, b: MatchVerdict): MatchVerdict {
  if (a === false || b === false) return false;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return true;
}

function or(verdicts: MatchVerdict[]): MatchVerdict {
  if (verdicts.some((v) => v === true)) return true;
  if (verdicts.some((v) => v === 'unknown')) return 'unknown';
  return false;
}

function matchString(filter: unknown, value: string | undefined): MatchVerdict {
  if (filter === null || typeof filter !== 'object') {
    return value !== undefined && filter === value;
  }
  const entries = Object.entries(filter as Record<string, unknown>);
  if (entries.length !== 1) return 'unknown';
  const [op, arg] = entries[0]!;
  if (op === 'exists') return (value !== undefined) === arg;
  if (value === undefined) return false;
  const text = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  switch (op) {
    case 'prefix': {
      if (arg && typeof arg === 'object' && 'equals-ignore-case' in arg) {
        const p = text((arg as Record<string, unknown>)['equals-ignore-case']);
        return p === undefined ? 'unknown' : value.toLowerCase().startsWith(p.toLowerCase());
      }
      const p = text(arg);
      return p === undefined ? 'unknown' : value.startsWith(p);
    }
    case 'suffix': {
      const s = text(arg);
      return s === undefined ? 'unknown' : value.endsWith(s);
    }
    case 'equals-ignore-case': {
      const s = text(arg);
      return s === undefined ? 'unknown' : value.toLowerCase() === s.toLowerCase();
    }
    case 'wildcard': {
      const s = text(arg);
      if (s === undefined) return 'unknown';
      const regex = new RegExp(`^${s.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return regex.test(value);
    }
    case 'anything-but': {
      if (Array.isArray(arg)) return !arg.includes(value);
      if (arg !== null && typeof arg === 'object') {
        const inner = matchString(arg, value);
        return inner === 'unknown' ? 'unknown' : !inner;
      }
      return arg !== value;
    }
    default:
      return 'unknown';
  }
}

function matchField(filters: unknown, value: string | undefined): MatchVerdict {
  if (!Array.isArray(filters)) return 'unknown';
  return or(filters.map((f) => matchString(f, value)));
}

/** A replay name as eventctl makes them, for probing patterns (`ectl-<planId>`). */
export const REPLAY_NAME_PROBE = `${REPLAY_NAME_PREFIX}00000000-0000-4000-8000-000000000000`;

/** A sample event's top-level fields that patterns may test. */
export interface EventShape {
  source: string;
  detailType: string;
  replayName?: string;
}

const KNOWN_FIELDS: Record<string, (e: EventShape) => string | undefined> = {
  source: (e) => e.source,
  'detail-type': (e) => e.detailType,
  'replay-name': (e) => e.replayName,
};

/**
 * Whether the pattern accepts events of this shape. Fields other than source, detail-type and
 * replay-name (e.g. detail filters) narrow the match; they are ignored here, so a pattern that
 * only filters on them still counts as matching the topic.
 */
export function patternMatches(pattern: unknown, event: EventShape): MatchVerdict {
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) return 'unknown';
  let verdict: MatchVerdict = true;
  for (const [key, filters] of Object.entries(pattern as Record<string, unknown>)) {
    if (key === '$or') {
      if (!Array.isArray(filters)) return 'unknown';
      verdict = and(verdict, or(filters.map((branch) => patternMatches(branch, event))));
      continue;
    }
    const read = KNOWN_FIELDS[key];
    if (read) verdict = and(verdict, matchField(filters, read(event)));
  }
  return verdict;
}

/** True when no replayed event can match: every path through the pattern requires replay-name absent. */
export function excludesReplays(pattern: unknown): boolean {
  const probe = (replayName: string) =>
    // A replayed event that otherwise matches anything: only a replay-name clause can reject it.
    patternMatchesIgnoring(pattern, replayName);
  return probe('eventctl-probe') === false;
}

function patternMatchesIgnoring(pattern: unknown, replayName: string): MatchVerdict {
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) return 'unknown';
  let verdict: MatchVerdict = true;
  for (const [key, filters] of Object.entries(pattern as Record<string, unknown>)) {
    if (key === '$or') {
      if (!Array.isArray(filters)) return 'unknown';
      verdict = and(verdict, or(filters.map((branch) => patternMatchesIgnoring(branch, replayName))));
    } else if (key === 'replay-name') {
      verdict = and(verdict, matchField(filters, replayName));
    }
  }
  return verdict;
}

// ---------------------------------------------------------------------------------------------
// The opt-in replay rule: only eventctl replays, never live events
// ---------------------------------------------------------------------------------------------

/** What every path through a pattern guarantees about `replay-name`. */
interface ReplayNameFacts {
  /** Every path requires replay-name to be present: no live (non-replayed) event matches. */
  present: boolean;
  /** Every path admits only replay names that start with the eventctl prefix (or none at all). */
  prefixed: boolean;
}

/** Whether one filter of a replay-name clause can match an event without replay-name. */
function filterAcceptsAbsent(filter: unknown): boolean {
  if (typeof filter === 'string') return false;
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return true; // null or unknown: assume the worst
  const entries = Object.entries(filter as Record<string, unknown>);
  if (entries.length !== 1) return true;
  const [op, arg] = entries[0]!;
  if (op === 'exists') return arg !== true;
  // anything-but and operators we do not know: assume they may match a missing field.
  return !['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'numeric', 'cidr'].includes(op);
}

/** Whether every replay name one filter accepts starts with the eventctl prefix (case-sensitive). */
function filterOnlyPrefixed(filter: unknown): boolean {
  if (typeof filter === 'string') return filter.startsWith(REPLAY_NAME_PREFIX);
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return false;
  const entries = Object.entries(filter as Record<string, unknown>);
  if (entries.length !== 1) return false;
  const [op, arg] = entries[0]!;
  if (op === 'exists') return arg === false; // matches no present value
  if (op === 'prefix') return typeof arg === 'string' && arg.startsWith(REPLAY_NAME_PREFIX);
  if (op === 'wildcard') {
    // The literal text before the first `*` is a prefix every match shares; escapes are not analysed.
    return typeof arg === 'string' && !arg.includes('\\') && arg.split('*')[0]!.startsWith(REPLAY_NAME_PREFIX);
  }
  return false; // suffix, equals-ignore-case, anything-but, numeric…: some other name can match
}

function replayNameFacts(pattern: unknown): ReplayNameFacts {
  const none: ReplayNameFacts = { present: false, prefixed: false };
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) return none;
  // The top-level fields are ANDed: one clause that guarantees a fact makes the whole pattern guarantee it.
  const facts: ReplayNameFacts = { present: false, prefixed: false };
  for (const [key, value] of Object.entries(pattern as Record<string, unknown>)) {
    let clause: ReplayNameFacts;
    if (key === '$or') {
      // A fact holds for an $or only when it holds for every branch.
      if (!Array.isArray(value) || value.length === 0) return none;
      const branches = value.map(replayNameFacts);
      clause = { present: branches.every((b) => b.present), prefixed: branches.every((b) => b.prefixed) };
    } else if (key === 'replay-name') {
      // The filters of one field are ORed: a fact holds only when it holds for every filter.
      if (!Array.isArray(value) || value.length === 0) return none;
      clause = { present: value.every((f) => !filterAcceptsAbsent(f)), prefixed: value.every(filterOnlyPrefixed) };
    } else {
      continue; // source, detail-type, detail…: they only narrow
    }
    facts.present ||= clause.present;
    facts.prefixed ||= clause.prefixed;
  }
  return facts;
}

/** What an opt-in replay rule's pattern may let in besides eventctl's replays (true = it may). */
export interface ReplayOptInLeaks {
  /** Live events, which carry no `replay-name`. */
  liveEvents: boolean;
  /** Replays not named `ectl-…` (e.g. an unfiltered console replay). */
  otherReplays: boolean;
}

export function replayOptInLeaks(pattern: unknown): ReplayOptInLeaks {
  const facts = replayNameFacts(pattern);
  return { liveEvents: !facts.present, otherReplays: !facts.prefixed };
}

/**
 * True when the pattern can only match eventctl's replays: every path through it requires a
 * `replay-name` (so no live event matches) that starts with `ectl-` (so no other replay, such as a
 * console replay, matches). Conservative: a filter it cannot analyse counts as letting others in.
 */
export function acceptsOnlyEventctlReplays(pattern: unknown): boolean {
  const leaks = replayOptInLeaks(pattern);
  return !leaks.liveEvents && !leaks.otherReplays;
}
