import { hasOwn, isObject, type JsonObject } from '../json.js';
import { compareArrays } from './arrays.js';
import { sameContent } from './identity.js';
import { compareBounds, compareStrings, compareNumbers } from './bounds.js';
import { compareCombined, compareNot } from './combinators.js';
import { compareKeywords } from './keywords.js';
import { compareObjects } from './objects.js';
import { compareTypes, compareValues } from './types.js';
import type { Walk } from './walk.js';

/** The schema `{}`: accepts everything. Shared so identity checks short-circuit. */
export const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

export const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
export type Combinator = (typeof COMBINATORS)[number];

const ANNOTATION_KEYS = new Set(['$id', '$schema', '$comment', '$defs', 'definitions', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', '$anchor', '$vocabulary']);

/** A schema that accepts every document: `true`, `{}`, or only annotations. */
export function isUnconstrained(walk: Walk, schema: unknown): boolean {
  const node = walk.deref(schema);
  if (node === true || node === undefined) return true;
  if (!isObject(node)) return false;
  for (const key in node) {
    if (!ANNOTATION_KEYS.has(key) && !key.startsWith('x-')) return false;
  }
  return true;
}

export function isAnnotationKey(key: string): boolean {
  return ANNOTATION_KEYS.has(key) || key.startsWith('x-');
}

/** compare(writer, reader) for one pair of schema nodes, recursing into subschemas. */
export function compareNode(walk: Walk, writerIn: unknown, readerIn: unknown): void {
  let writer: unknown = writerIn === undefined ? EMPTY : writerIn;
  let reader: unknown = readerIn === undefined ? EMPTY : readerIn;
  const w = walk.deref(writer);
  const r = walk.deref(reader);
  if ((w !== writer || r !== reader) && walk.depth > 0) {
    // Reached through a $ref: memoise the pair, which also ends cycles.
    walk.adopt(walk.sub(w, r));
    return;
  }
  writer = w;
  reader = r;
  if (writer === reader) return;
  if (writer === false) return; // the writer produces nothing, so any reader can read it
  if (reader === false) {
    walk.emit('schema-became-false', 'break');
    return;
  }
  if (writer === true) writer = EMPTY;
  if (reader === true) reader = EMPTY;
  if (!isObject(writer) || !isObject(reader)) return; // rejected by meta-validation before we get here
  if (sameContent(writer, reader) && walk.draftOf(writer) === walk.draftOf(reader)) return;
  walk.enterDepth();
  try {
    const wHas = hasCombinator(writer);
    const rHas = hasCombinator(reader);
    if (!wHas && !rHas) compareDirect(walk, writer, reader);
    else compareCombined(walk, writer, reader, wHas, rHas);
  } finally {
    walk.depth -= 1;
  }
}

function hasCombinator(node: JsonObject): boolean {
  return Array.isArray(node.allOf) || Array.isArray(node.anyOf) || Array.isArray(node.oneOf);
}

/** Every keyword family except the combinators. */
export function compareDirect(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  compareKeywords(walk, writer, reader);
  if (compareTypes(walk, writer, reader)) return; // disjoint types: nothing else is comparable
  compareValues(walk, writer, reader);
  compareStrings(walk, writer, reader);
  compareNumbers(walk, writer, reader);
  compareObjects(walk, writer, reader);
  compareArrays(walk, writer, reader);
  compareNot(walk, writer, reader);
  compareBounds(walk, writer, reader);
}

const directCache = new WeakMap<object, JsonObject>();
/** The node without its allOf/anyOf/oneOf (its direct keywords), cached so identity is stable. */
export function directPart(walk: Walk, node: JsonObject): JsonObject {
  let part = directCache.get(node);
  if (!part) {
    part = {};
    for (const key of Object.keys(node)) if (key !== 'allOf' && key !== 'anyOf' && key !== 'oneOf') part[key] = node[key];
    directCache.set(node, part);
  }
  walk.origin.set(part, node);
  return part;
}

export function hasDirectConstraints(node: JsonObject): boolean {
  for (const key in node) {
    if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') continue;
    if (!ANNOTATION_KEYS.has(key) && !key.startsWith('x-')) return true;
  }
  return false;
}

export { hasOwn };
