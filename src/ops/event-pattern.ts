import type { Consumer, Topic } from '../manifest/model.js';

/**
 * EventBridge event patterns built from the manifest's topics, and the small part of pattern
 * matching eventctl needs to check live rules against them (moto's TestEventPattern is a stub,
 * and a local evaluator needs no permission).
 */

/** Replayed events carry a top-level `replay-name`; this clause keeps them out. */
export const REPLAY_GUARD = { 'replay-name': [{ exists: false }] } as const;

/**
 * Our decision: operational rules exclude replayed events server-side (the only control IAM cannot
 * bypass, since events:StartReplay has no condition keys). An approved replay to an operational
 * consumer must use a separate opt-in rule named in the plan's FilterArns. Workflow and projection
 * rules accept replays; workflow consumers dedupe by correlation id and replays to them are gated
 * by approvals.
 */
export function guardsReplays(consumer: Pick<Consumer, 'class'>): boolean {
  return consumer.class === 'operational';
}

export interface PatternOptions {
  excludeReplays?: boolean;
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
  const guard = options.excludeReplays ? REPLAY_GUARD : {};
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
