import { arrayShape, type ArrayShape } from '../dialect.js';
import type { JsonObject } from '../json.js';
import { isUnconstrained } from './node.js';
import type { Walk } from './walk.js';

type ArrayModel = { kind: 'open' } | { kind: 'closed' } | { kind: 'partial'; schema: unknown };
const OPEN: ArrayModel = { kind: 'open' };
const CLOSED: ArrayModel = { kind: 'closed' };

/** What governs array positions past the tuple: the rest schema, else unevaluatedItems. */
function arrayModel(walk: Walk, node: JsonObject, shape: ArrayShape): ArrayModel {
  const rest = walk.deref(shape.rest);
  if (rest === false) return CLOSED;
  if (rest !== undefined && !isUnconstrained(walk, rest)) return { kind: 'partial', schema: rest };
  if (shape.rest === undefined) {
    const ue = walk.deref(node.unevaluatedItems);
    if (ue === false) return CLOSED;
    if (ue !== undefined && !isUnconstrained(walk, ue)) return { kind: 'partial', schema: ue };
  }
  return OPEN;
}

export function compareArrays(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const ws = arrayShape(writer, walk.draftOf(writer));
  const rs = arrayShape(reader, walk.draftOf(reader));
  if (ws.tuple || rs.tuple) {
    compareTuples(walk, writer, reader, ws, rs);
    compareRest(walk, ws.rest, rs.rest, `/${ws.restKeyword}`, `/${rs.restKeyword}`, 'additional-items');
  } else {
    if (ws.rest !== undefined || rs.rest !== undefined) walk.child('/items', '/items', ws.rest, rs.rest);
    // Before 2020-12 `additionalItems` beside a single `items` has no effect; Confluent still compares it.
    if (ws.inertAdditionalItems !== undefined || rs.inertAdditionalItems !== undefined) {
      compareRest(walk, ws.inertAdditionalItems, rs.inertAdditionalItems, '/additionalItems', '/additionalItems', 'additional-items');
    }
  }
  if (writer.unevaluatedItems !== undefined || reader.unevaluatedItems !== undefined) {
    compareRest(walk, writer.unevaluatedItems, reader.unevaluatedItems, '/unevaluatedItems', '/unevaluatedItems', 'unevaluated-items');
  }
  const wu = writer.uniqueItems === true;
  const ru = reader.uniqueItems === true;
  if (wu !== ru) walk.emit(ru ? 'unique-items-added' : 'unique-items-removed', ru ? 'break' : 'ok', '/uniqueItems');
  const wc = writer.contains;
  const rc = reader.contains;
  if (wc !== undefined || rc !== undefined) {
    if (wc === undefined) walk.emit('contains-added', 'break', '/contains');
    else if (rc === undefined) walk.emit('contains-removed', 'ok', '/contains');
    else walk.child('/contains', '/contains', wc, rc);
  }
}

/** Positional items: shared positions recurse; added and removed ones are judged by content model. */
function compareTuples(walk: Walk, writer: JsonObject, reader: JsonObject, ws: ArrayShape, rs: ArrayShape): void {
  const wt = ws.tuple ?? [];
  const rt = rs.tuple ?? [];
  const common = Math.min(wt.length, rt.length);
  for (let i = 0; i < common; i += 1) walk.child(`/${ws.tupleKeyword}/${i}`, `/${rs.tupleKeyword}/${i}`, wt[i], rt[i]);
  if (wt.length > common) {
    const model = arrayModel(walk, reader, rs);
    for (let i = common; i < wt.length; i += 1) {
      const seg = `/${ws.tupleKeyword}/${i}`;
      if (model.kind === 'open') walk.emit('tuple-item-removed', 'ok', seg, seg, 'open');
      else if (model.kind === 'closed') walk.emit('tuple-item-removed', walk.deref(wt[i]) === false ? 'ok' : 'break', seg, seg, 'closed');
      else {
        const sub = walk.sub(wt[i], model.schema);
        walk.adopt(sub, seg, seg);
        walk.emit('tuple-item-removed', sub.breaks ? 'break' : 'ok', seg, seg, 'partial');
      }
    }
  }
  if (rt.length > common) {
    const model = arrayModel(walk, writer, ws);
    for (let i = common; i < rt.length; i += 1) {
      const seg = `/${rs.tupleKeyword}/${i}`;
      if (model.kind === 'closed') walk.emit('tuple-item-added', 'ok', seg, seg, 'closed');
      else if (model.kind === 'open') walk.emit('tuple-item-added', isUnconstrained(walk, rt[i]) ? 'ok' : 'break', seg, seg, 'open');
      else {
        const sub = walk.sub(model.schema, rt[i]);
        walk.adopt(sub, seg, seg);
        walk.emit('tuple-item-added', sub.breaks ? 'break' : 'ok', seg, seg, 'partial');
      }
    }
  }
}

/** A rest schema (additionalItems / items after prefixItems / unevaluatedItems): LENIENT does not relax arrays. */
function compareRest(walk: Walk, wRest: unknown, rRest: unknown, wSeg: string, rSeg: string, name: string): void {
  if (wRest === rRest) return;
  const wClosed = walk.deref(wRest) === false;
  const rClosed = walk.deref(rRest) === false;
  if (wClosed !== rClosed) {
    walk.emit(rClosed ? `${name}-closed` : `${name}-opened`, rClosed ? 'break' : 'ok', wSeg, rSeg);
    return;
  }
  if (wClosed) return;
  walk.child(wSeg, rSeg, wRest, rRest);
}
