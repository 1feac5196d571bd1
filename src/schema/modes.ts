import type { Severity } from '../report/finding.js';
import type { Resolver } from './compare/walk.js';
import { Walk } from './compare/walk.js';
import { compareNode } from './compare/node.js';
import { changeMessage } from './messages.js';
import type { DiffResult, DirectedChange, Mode, Policy, SchemaChange } from './model.js';
import { getRule, inverseRule } from './rules.js';

/** A schema to compare: its root node and the `$ref` resolver of the document it came from. */
export interface ComparableSchema extends Resolver {
  root: unknown;
}

export function checksBackward(mode: Mode): boolean {
  return mode.startsWith('BACKWARD') || mode.startsWith('FULL');
}
export function checksForward(mode: Mode): boolean {
  return mode.startsWith('FORWARD') || mode.startsWith('FULL');
}
export function isTransitive(mode: Mode): boolean {
  return mode.endsWith('_TRANSITIVE');
}

/** compare(writer, reader): the directed changes, each with its verdict (Confluent's model). */
export function compareDirected(writer: ComparableSchema, reader: ComparableSchema, policy: Policy): { changes: DirectedChange[]; breaks: boolean } {
  const walk = new Walk(policy, writer, reader);
  compareNode(walk, writer.root, reader.root);
  let breaks = false;
  for (const change of walk.out) if (walk.breaks(change.verdict)) breaks = true;
  return { changes: walk.out, breaks };
}

interface Merged {
  rule: string;
  path: string;
  backward: boolean;
  forward: boolean;
  warn: boolean;
  was: unknown;
  now: unknown;
  strong: boolean;
}

/**
 * Diffs old → new: BACKWARD = compare(old, new), FORWARD = compare(new, old). Changes found in
 * both runs at the same spot (rule family + path in the new schema's coordinates) are merged, so
 * each change is listed once with whether it breaks each direction.
 */
export function diffSchemas(oldSchema: ComparableSchema, newSchema: ComparableSchema, options: { mode: Mode; policy: Policy }): DiffResult {
  const { mode, policy } = options;
  const backward = new Walk(policy, oldSchema, newSchema);
  compareNode(backward, oldSchema.root, newSchema.root);
  const forward = new Walk(policy, newSchema, oldSchema);
  compareNode(forward, newSchema.root, oldSchema.root);

  const merged = new Map<string, Merged>();
  for (const c of backward.out) {
    const key = `${getRule(c.rule).family}\u0000${c.rPath}`;
    const breaks = backward.breaks(c.verdict);
    const entry = merged.get(key);
    if (!entry) {
      merged.set(key, { rule: c.rule, path: c.rPath, backward: breaks, forward: false, warn: c.verdict === 'warn', was: c.was, now: c.now, strong: breaks });
    } else {
      entry.backward ||= breaks;
      entry.warn ||= c.verdict === 'warn';
      if (breaks && !entry.strong) Object.assign(entry, { rule: c.rule, was: c.was, now: c.now, strong: true });
    }
  }
  for (const c of forward.out) {
    const key = `${getRule(c.rule).family}\u0000${c.wPath}`;
    const breaks = forward.breaks(c.verdict);
    const entry = merged.get(key);
    if (!entry) {
      // Seen only from the new side: name it from old to new.
      merged.set(key, { rule: inverseRule(c.rule), path: c.wPath, backward: false, forward: breaks, warn: c.verdict === 'warn', was: c.now, now: c.was, strong: false });
    } else {
      entry.forward ||= breaks;
      entry.warn ||= c.verdict === 'warn';
    }
  }

  const checkB = checksBackward(mode);
  const checkF = checksForward(mode);
  const changes: SchemaChange[] = [];
  let compatible = true;
  for (const m of merged.values()) {
    let severity: Severity = 'info';
    if (mode !== 'NONE' && ((checkB && m.backward) || (checkF && m.forward))) {
      severity = 'error';
      compatible = false;
    } else if (m.warn) severity = 'warn';
    changes.push({ rule: m.rule, path: m.path, backward: m.backward, forward: m.forward, severity, message: changeMessage(m.rule, m.path, m.was, m.now) });
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { compatible, mode, policy, changes };
}
