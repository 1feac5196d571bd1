import { canonical, isObject, type JsonObject } from '../json.js';
import { COMBINATORS, compareDirect, directPart, hasDirectConstraints, type Combinator } from './node.js';
import { compareKeywords } from './keywords.js';
import type { Walk } from './walk.js';

function kindsOf(node: JsonObject): Combinator[] {
  const out: Combinator[] = [];
  for (const kind of COMBINATORS) if (Array.isArray(node[kind])) out.push(kind);
  return out;
}

/** Branches with exact duplicates collapsed (Confluent compares them as sets). */
function branchesOf(node: JsonObject, kind: Combinator): { schema: unknown; index: number }[] {
  const list = node[kind] as unknown[];
  if (list.length < 2) return list.map((schema, index) => ({ schema, index }));
  const seen = new Set<string>();
  const out: { schema: unknown; index: number }[] = [];
  list.forEach((schema, index) => {
    const key = canonical(schema);
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ schema, index });
    }
  });
  return out;
}

/** Schemas where either side has allOf / anyOf / oneOf. */
export function compareCombined(walk: Walk, writer: JsonObject, reader: JsonObject, wHas: boolean, rHas: boolean): void {
  const wKinds = wHas ? kindsOf(writer) : [];
  const rKinds = rHas ? kindsOf(reader) : [];
  const wDirect = hasDirectConstraints(writer);
  const rDirect = hasDirectConstraints(reader);

  if (wKinds.length === 0) {
    // Plain writer, combined reader: the writer must satisfy the reader's direct part and each combinator.
    if (rDirect) compareDirect(walk, writer, directPart(walk, reader));
    else compareKeywords(walk, writer, reader);
    for (const kind of rKinds) plainToCombinator(walk, writer, reader, kind);
    return;
  }
  if (rKinds.length === 0) {
    if (wDirect) {
      // Writer = direct ∧ combinators: enough that either part alone fits the reader.
      const direct = walk.sub(directPart(walk, writer), reader);
      if (!direct.breaks) {
        walk.adopt(direct);
        return;
      }
    } else compareKeywords(walk, writer, reader);
    for (const kind of wKinds) combinatorToPlain(walk, writer, reader, kind);
    return;
  }
  if (wDirect || rDirect) compareDirect(walk, directPart(walk, writer), directPart(walk, reader));
  else compareKeywords(walk, writer, reader);
  if (wKinds.length === 1 && rKinds.length === 1) {
    bothCombined(walk, writer, wKinds[0]!, reader, rKinds[0]!);
    return;
  }
  for (const kind of rKinds) {
    if (wKinds.includes(kind)) bothCombined(walk, writer, kind, reader, kind);
    else plainToCombinator(walk, writer, reader, kind);
  }
  for (const kind of wKinds) if (!rKinds.includes(kind)) combinatorToPlain(walk, writer, reader, kind);
}

/** Plain writer against a reader's combinator (Confluent's singleton and sum-type special cases, made sound). */
function plainToCombinator(walk: Walk, writer: JsonObject, reader: JsonObject, kind: Combinator): void {
  const branches = reader[kind] as unknown[];
  const plain = kindsOf(writer).length > 0 ? directPart(walk, writer) : writer;
  if (kind === 'allOf' || branches.length === 1) {
    // Every branch must accept the writer's documents.
    for (let i = 0; i < branches.length; i += 1) walk.child('', `/${kind}/${i}`, plain, branches[i]);
    return;
  }
  for (let i = 0; i < branches.length; i += 1) {
    const sub = walk.sub(plain, branches[i]);
    if (!sub.breaks) {
      walk.adopt(sub, '', `/${kind}/${i}`);
      walk.emit('union-branch-added', 'ok', '', `/${kind}`);
      return;
    }
  }
  walk.emit('combinator-added', 'break', '', `/${kind}`);
}

/** A writer's combinator against a plain reader. */
function combinatorToPlain(walk: Walk, writer: JsonObject, reader: JsonObject, kind: Combinator): void {
  const branches = writer[kind] as unknown[];
  const plain = kindsOf(reader).length > 0 ? directPart(walk, reader) : reader;
  if (kind !== 'allOf' || branches.length === 1) {
    // Every document of every branch must be readable.
    for (let i = 0; i < branches.length; i += 1) walk.child(`/${kind}/${i}`, '', branches[i], plain);
    return;
  }
  for (let i = 0; i < branches.length; i += 1) {
    const sub = walk.sub(branches[i], plain);
    if (!sub.breaks) {
      walk.adopt(sub, `/${kind}/${i}`, '');
      return;
    }
  }
  walk.emit('combinator-removed', 'break', `/${kind}`, '');
}

/** Both sides combined: criterion change, branch count, then a maximum matching of compatible branch pairs. */
function bothCombined(walk: Walk, writer: JsonObject, wKind: Combinator, reader: JsonObject, rKind: Combinator): void {
  const wb = branchesOf(writer, wKind);
  const rb = branchesOf(reader, rKind);
  const wSeg = `/${wKind}`;
  const rSeg = `/${rKind}`;
  if (wKind !== rKind) {
    // Confluent: anything → anyOf; a single branch or an allOf → oneOf; single → single allOf.
    const widened =
      rKind === 'anyOf' ||
      (rKind === 'oneOf' && (wb.length === 1 || wKind === 'allOf')) ||
      (rKind === 'allOf' && wb.length === 1 && rb.length === 1);
    if (!widened) {
      walk.emit('combinator-changed', 'break', wSeg, rSeg, wKind, rKind);
      return;
    }
    walk.emit('combinator-widened', 'ok', wSeg, rSeg, wKind, rKind);
  }
  if (wb.length < rb.length) walk.emit(rKind === 'allOf' ? 'allof-branch-added' : 'union-branch-added', rKind === 'allOf' ? 'break' : 'ok', wSeg, rSeg, wb.length, rb.length);
  // Confluent names a removal after the writer's criterion: dropping an allOf branch widens.
  else if (wb.length > rb.length) walk.emit(wKind === 'allOf' ? 'allof-branch-removed' : 'union-branch-removed', wKind === 'allOf' ? 'ok' : 'break', wSeg, rSeg, wb.length, rb.length);

  // Compatible pairs form a bipartite graph; pair branches by maximum-cardinality matching (Kuhn).
  const edges: number[][] = [];
  const subs: (ReturnType<Walk['sub']> | undefined)[][] = [];
  for (let i = 0; i < wb.length; i += 1) {
    edges.push([]);
    subs.push([]);
    for (let j = 0; j < rb.length; j += 1) {
      const sub = walk.sub(wb[i]!.schema, rb[j]!.schema);
      subs[i]![j] = sub;
      if (!sub.breaks) edges[i]!.push(j);
    }
  }
  const matchOfR = new Array<number>(rb.length).fill(-1);
  const tryAugment = (i: number, seen: boolean[]): boolean => {
    for (const j of edges[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (matchOfR[j] === -1 || tryAugment(matchOfR[j]!, seen)) {
        matchOfR[j] = i;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let i = 0; i < wb.length; i += 1) if (tryAugment(i, new Array<boolean>(rb.length).fill(false))) matched += 1;
  for (let j = 0; j < rb.length; j += 1) {
    const i = matchOfR[j]!;
    if (i >= 0) walk.adopt(subs[i]![j]!, `${wSeg}/${wb[i]!.index}`, `${rSeg}/${rb[j]!.index}`);
  }
  if (matched < Math.min(wb.length, rb.length)) walk.emit('union-branch-changed', 'break', wSeg, rSeg);
}

/** `not`: compare the reader's excluded set against the writer's, reversed. */
export function compareNot(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const wn = writer.not;
  const rn = reader.not;
  if (wn === undefined && rn === undefined) return;
  if (wn === undefined) walk.emit('not-added', 'break', '/not');
  else if (rn === undefined) walk.emit('not-removed', 'ok', '/not');
  else {
    const sub = walk.sub(rn, wn);
    if (sub.changes.length === 0) return;
    walk.emit(sub.breaks ? 'not-excludes-more' : 'not-excludes-less', sub.breaks ? 'break' : 'ok', '/not');
  }
  void isObject;
}
