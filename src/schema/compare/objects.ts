import { dependentRequired, dependentSchemas } from '../dialect.js';
import { escapePointer, hasOwn, isObject, type JsonObject } from '../json.js';
import type { Verdict } from '../model.js';
import { isUnconstrained } from './node.js';
import type { Walk } from './walk.js';
import { compileUserRegex, type UserRegex } from '../user-regex.js';

type ContentModel = { kind: 'open' } | { kind: 'closed' } | { kind: 'partial'; schema: unknown; seg: string };
const OPEN: ContentModel = { kind: 'open' };
const CLOSED: ContentModel = { kind: 'closed' };

/** A schema's pattern on the linear-time engine; null when it cannot run (loading refuses those first). */
function regex(source: string): UserRegex | null {
  try {
    return compileUserRegex(source);
  } catch {
    return null;
  }
}

/**
 * The content model that governs property `name` of an object schema (Confluent's open /
 * closed / partially open): a matching patternProperties entry, else additionalProperties,
 * else unevaluatedProperties.
 */
function contentModel(walk: Walk, node: JsonObject, name: string | undefined, skipPattern?: string): ContentModel {
  const patterns = node.patternProperties;
  if (name !== undefined && isObject(patterns)) {
    for (const source of Object.keys(patterns)) {
      if (source === skipPattern) continue;
      const re = regex(source);
      if (re && re.test(name)) return { kind: 'partial', schema: patterns[source], seg: `/patternProperties/${escapePointer(source)}` };
    }
  }
  const ap = node.additionalProperties;
  if (ap === false) return CLOSED;
  if (ap !== undefined && ap !== true && !isUnconstrained(walk, ap)) return { kind: 'partial', schema: ap, seg: '/additionalProperties' };
  if (ap === undefined) {
    const up = node.unevaluatedProperties;
    if (up === false) return CLOSED;
    if (up !== undefined && up !== true && !isUnconstrained(walk, up)) return { kind: 'partial', schema: up, seg: '/unevaluatedProperties' };
  }
  return OPEN;
}

const requiredCache = new WeakMap<readonly unknown[], Set<string>>();
function requiredOf(node: JsonObject): Set<string> | undefined {
  const req = node.required;
  if (!Array.isArray(req) || req.length === 0) return undefined;
  let set = requiredCache.get(req);
  if (!set) requiredCache.set(req, (set = new Set(req.filter((x): x is string => typeof x === 'string'))));
  return set;
}

function hasDefault(walk: Walk, schema: unknown): boolean {
  const node = walk.deref(schema);
  return isObject(node) && hasOwn(node, 'default');
}

export function compareObjects(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const wProps = isObject(writer.properties) ? writer.properties : undefined;
  const rProps = isObject(reader.properties) ? reader.properties : undefined;
  const wReq = requiredOf(writer);
  const rReq = requiredOf(reader);
  if (wProps || rProps) compareProperties(walk, writer, reader, wProps, rProps, wReq, rReq);
  if (wReq || rReq) compareRequired(walk, wProps, rProps, wReq, rReq);
  compareOpenness(walk, writer, reader, 'additionalProperties', 'additional-properties');
  compareOpenness(walk, writer, reader, 'unevaluatedProperties', 'unevaluated-properties');
  if (writer.patternProperties !== undefined || reader.patternProperties !== undefined) comparePatternProperties(walk, writer, reader);
  comparePropertyNames(walk, writer, reader);
  compareDependencies(walk, writer, reader);
}

function compareProperties(
  walk: Walk,
  writer: JsonObject,
  reader: JsonObject,
  wProps: JsonObject | undefined,
  rProps: JsonObject | undefined,
  wReq: Set<string> | undefined,
  rReq: Set<string> | undefined,
): void {
  if (wProps) {
    for (const key of Object.keys(wProps)) {
      const seg = `/properties/${escapePointer(key)}`;
      if (rProps && hasOwn(rProps, key)) walk.child(seg, seg, wProps[key], rProps[key]);
      else propertyRemoved(walk, reader, key, wProps[key], seg);
    }
  }
  if (rProps) {
    for (const key of Object.keys(rProps)) {
      if (wProps && hasOwn(wProps, key)) continue;
      propertyAdded(walk, writer, key, rProps[key], rReq?.has(key) ?? false, `/properties/${escapePointer(key)}`);
    }
  }
  void wReq;
}

/** The reader declares a property the writer did not: judged by the writer's content model. */
function propertyAdded(walk: Walk, writer: JsonObject, key: string, schema: unknown, required: boolean, seg: string): void {
  const withDefault = required && hasDefault(walk, schema);
  const model = contentModel(walk, writer, key);
  let covered = model.kind !== 'open';
  if (model.kind === 'partial') {
    const sub = walk.sub(model.schema, schema);
    walk.adopt(sub, seg, seg);
    covered = !sub.breaks;
  }
  if (required && !withDefault) {
    walk.emit('required-property-added', 'break', seg, seg);
    return;
  }
  const rule = withDefault ? 'required-property-with-default-added' : 'property-added';
  let verdict: Verdict;
  if (model.kind === 'open') verdict = !withDefault && isUnconstrained(walk, schema) ? 'ok' : 'strict';
  else verdict = covered ? 'ok' : 'strict';
  walk.emit(rule, verdict, seg, seg, model.kind);
}

/** The reader no longer declares a property: judged by the reader's content model. */
function propertyRemoved(walk: Walk, reader: JsonObject, key: string, schema: unknown, seg: string): void {
  const model = contentModel(walk, reader, key);
  if (model.kind === 'open') {
    walk.emit('property-removed', 'ok', seg, seg, 'open');
    return;
  }
  if (model.kind === 'partial') {
    const sub = walk.sub(schema, model.schema);
    walk.adopt(sub, seg, seg);
    walk.emit('property-removed', sub.breaks ? 'strict' : 'ok', seg, seg, 'partial');
    return;
  }
  walk.emit('property-removed', walk.deref(schema) === false ? 'ok' : 'strict', seg, seg, 'closed');
}

function compareRequired(
  walk: Walk,
  wProps: JsonObject | undefined,
  rProps: JsonObject | undefined,
  wReq: Set<string> | undefined,
  rReq: Set<string> | undefined,
): void {
  if (rReq) {
    for (const name of rReq) {
      if (wReq?.has(name)) continue;
      const inW = wProps !== undefined && hasOwn(wProps, name);
      const inR = rProps !== undefined && hasOwn(rProps, name);
      const seg = `/required/${escapePointer(name)}`;
      if (inR && inW) walk.emit('property-became-required', hasDefault(walk, rProps![name]) ? 'ok' : 'break', seg, seg, undefined, name);
      else if (!inR) walk.emit('required-undeclared-property', 'break', seg, seg, undefined, name);
      // declared only by the reader: reported as required-property-added
    }
  }
  if (wReq) {
    for (const name of wReq) {
      if (rReq?.has(name)) continue;
      const inW = wProps !== undefined && hasOwn(wProps, name);
      const inR = rProps !== undefined && hasOwn(rProps, name);
      const seg = `/required/${escapePointer(name)}`;
      if (inR && inW) walk.emit('property-became-optional', 'ok', seg, seg, name);
      else if (!inW && !inR) walk.emit('required-undeclared-property-dropped', 'ok', seg, seg, name);
    }
  }
}

/**
 * additionalProperties / unevaluatedProperties: false ↔ allowed is a closing or opening; a schema
 * replacing "anything" narrows. LENIENT relaxes the object ones (`strict` verdicts).
 */
function compareOpenness(walk: Walk, writer: JsonObject, reader: JsonObject, keyword: string, name: string): void {
  const wa = writer[keyword];
  const ra = reader[keyword];
  if (wa === ra) return;
  const seg = `/${keyword}`;
  const wPermits = walk.deref(wa) !== false;
  const rPermits = walk.deref(ra) !== false;
  if (wPermits !== rPermits) {
    if (rPermits) walk.emit(`${name}-opened`, 'ok', seg, seg);
    else walk.emit(`${name}-closed`, 'strict', seg, seg);
    return;
  }
  if (!wPermits) return;
  const wSchema = wa !== undefined && !isUnconstrained(walk, wa);
  const rSchema = ra !== undefined && !isUnconstrained(walk, ra);
  if (!wSchema && rSchema) walk.emit(`${name}-narrowed`, 'strict', seg, seg);
  else if (wSchema && !rSchema) walk.emit(`${name}-widened`, 'ok', seg, seg);
  else if (wSchema && rSchema) walk.child(seg, seg, wa, ra);
}

/** Not compared by Confluent (it only uses them for coverage); judged here through the fallback model. */
function comparePatternProperties(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const wp = isObject(writer.patternProperties) ? writer.patternProperties : {};
  const rp = isObject(reader.patternProperties) ? reader.patternProperties : {};
  for (const source of Object.keys(wp)) {
    const seg = `/patternProperties/${escapePointer(source)}`;
    if (hasOwn(rp, source)) {
      walk.child(seg, seg, wp[source], rp[source]);
      continue;
    }
    // Names matching the removed pattern now fall to the reader's other rules.
    const model = contentModel(walk, reader, undefined);
    if (model.kind === 'open') walk.emit('pattern-property-removed', 'ok', seg, seg, source);
    else if (model.kind === 'closed') walk.emit('pattern-property-removed', walk.deref(wp[source]) === false ? 'ok' : 'strict', seg, seg, source);
    else {
      const sub = walk.sub(wp[source], model.schema);
      walk.adopt(sub, seg, seg);
      walk.emit('pattern-property-removed', sub.breaks ? 'strict' : 'ok', seg, seg, source);
    }
  }
  for (const source of Object.keys(rp)) {
    if (hasOwn(wp, source)) continue;
    const seg = `/patternProperties/${escapePointer(source)}`;
    const model = contentModel(walk, writer, undefined);
    if (model.kind === 'closed') walk.emit('pattern-property-added', 'ok', seg, seg, undefined, source);
    else if (model.kind === 'open') walk.emit('pattern-property-added', isUnconstrained(walk, rp[source]) ? 'ok' : 'strict', seg, seg, undefined, source);
    else {
      const sub = walk.sub(model.schema, rp[source]);
      walk.adopt(sub, seg, seg);
      walk.emit('pattern-property-added', sub.breaks ? 'strict' : 'ok', seg, seg, undefined, source);
    }
  }
}

function comparePropertyNames(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const wn = writer.propertyNames;
  const rn = reader.propertyNames;
  if (wn === undefined && rn === undefined) return;
  const seg = '/propertyNames';
  if (wn === undefined) {
    if (!isUnconstrained(walk, rn)) walk.emit('property-names-added', 'break', seg, seg);
  } else if (rn === undefined) {
    if (!isUnconstrained(walk, wn)) walk.emit('property-names-removed', 'ok', seg, seg);
  } else {
    walk.child(seg, seg, wn, rn);
  }
}

function compareDependencies(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const wd = dependentRequired(writer);
  const rd = dependentRequired(reader);
  if (wd || rd) {
    for (const [key, w] of wd ?? []) {
      const r = rd?.get(key);
      const seg = `/${w.keyword}/${escapePointer(key)}`;
      const rSeg = r ? `/${r.keyword}/${escapePointer(key)}` : seg;
      if (!r) {
        walk.emit('dependency-removed', 'ok', seg, rSeg, w.names);
        continue;
      }
      const ws = new Set(w.names);
      const rs = new Set(r.names);
      const rHasAll = w.names.every((n) => rs.has(n));
      const wHasAll = r.names.every((n) => ws.has(n));
      if (rHasAll && wHasAll) continue;
      if (rHasAll) walk.emit('dependency-extended', 'break', seg, rSeg, w.names, r.names);
      else if (wHasAll) walk.emit('dependency-narrowed', 'ok', seg, rSeg, w.names, r.names);
      else walk.emit('dependency-changed', 'break', seg, rSeg, w.names, r.names);
    }
    for (const [key, r] of rd ?? []) {
      if (wd?.has(key)) continue;
      const seg = `/${r.keyword}/${escapePointer(key)}`;
      walk.emit('dependency-added', 'break', seg, seg, undefined, r.names);
    }
  }
  const ws = dependentSchemas(writer);
  const rs = dependentSchemas(reader);
  if (!ws && !rs) return;
  for (const [key, w] of ws ?? []) {
    const r = rs?.get(key);
    const seg = `/${w.keyword}/${escapePointer(key)}`;
    if (!r) walk.emit('dependent-schema-removed', 'ok', seg, seg);
    else walk.child(seg, `/${r.keyword}/${escapePointer(key)}`, w.schema, r.schema);
  }
  for (const [key, r] of rs ?? []) {
    if (ws?.has(key)) continue;
    const seg = `/${r.keyword}/${escapePointer(key)}`;
    if (!isUnconstrained(walk, r.schema)) walk.emit('dependent-schema-added', 'break', seg, seg);
  }
}
