import { draftOf } from '../dialect.js';
import { deepEqual, escapePointer, hasOwn, type JsonObject } from '../json.js';
import type { Walk } from './walk.js';

/** How each keyword is handled; anything absent here is unknown and reported as a warning when it changes. */
const KIND = new Map<string, 'annotation' | 'default' | 'schema' | 'handled' | 'unsupported' | 'conditional'>();
for (const k of ['$id', '$comment', 'title', 'description', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$anchor', '$vocabulary']) KIND.set(k, 'annotation');
KIND.set('default', 'default');
KIND.set('$schema', 'schema');
for (const k of ['if', 'then', 'else']) KIND.set(k, 'conditional');
for (const k of ['$dynamicRef', '$dynamicAnchor', '$recursiveRef', '$recursiveAnchor']) KIND.set(k, 'unsupported');
for (const k of [
  '$ref', '$defs', 'definitions', 'type', 'enum', 'const', 'allOf', 'anyOf', 'oneOf', 'not',
  'maxLength', 'minLength', 'pattern', 'format', 'contentEncoding', 'contentMediaType', 'contentSchema',
  'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf',
  'properties', 'required', 'additionalProperties', 'unevaluatedProperties', 'patternProperties', 'propertyNames',
  'dependencies', 'dependentRequired', 'dependentSchemas', 'maxProperties', 'minProperties',
  'items', 'prefixItems', 'additionalItems', 'unevaluatedItems', 'uniqueItems', 'contains', 'maxContains', 'minContains',
  'maxItems', 'minItems',
]) KIND.set(k, 'handled');

/** Annotations, `default`, `$schema`, conditionals and keywords the engine does not know. */
export function compareKeywords(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  for (const key in writer) visit(walk, writer, reader, key);
  for (const key in reader) if (!hasOwn(writer, key)) visit(walk, writer, reader, key);
  if (writer.if !== undefined || reader.if !== undefined) compareConditional(walk, writer, reader);
}

function visit(walk: Walk, writer: JsonObject, reader: JsonObject, key: string): void {
  const kind = KIND.get(key) ?? (key.startsWith('x-') ? 'annotation' : undefined);
  if (kind === 'handled' || kind === 'conditional') return;
  const a = writer[key];
  const b = reader[key];
  if (a === b || deepEqual(a, b)) return;
  const seg = `/${escapePointer(key)}`;
  switch (kind) {
    case 'annotation':
      walk.emit('annotation-changed', 'ok', seg, seg, a, b);
      return;
    case 'default':
      walk.emit('default-changed', 'ok', seg, seg, a, b);
      return;
    case 'schema':
      if ((draftOf(a) ?? '07') !== (draftOf(b) ?? '07')) walk.emit('dialect-changed', 'warn', seg, seg, a, b);
      else walk.emit('annotation-changed', 'ok', seg, seg, a, b);
      return;
    case 'unsupported':
      walk.emit('unsupported-keyword', 'warn', seg, seg, a, b);
      return;
    default:
      walk.emit('unknown-keyword-changed', 'warn', seg, seg, a, b);
  }
}

/** if/then/else: with the same `if`, then and else compare like any subschema; otherwise it is a warning. */
function compareConditional(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  if (writer.if !== undefined && reader.if !== undefined && deepEqual(writer.if, reader.if) && !hasRef(writer.if)) {
    if (writer.then !== undefined || reader.then !== undefined) walk.child('/then', '/then', writer.then, reader.then);
    if (writer.else !== undefined || reader.else !== undefined) walk.child('/else', '/else', writer.else, reader.else);
    return;
  }
  if (!deepEqual(writer.if, reader.if) || !deepEqual(writer.then, reader.then) || !deepEqual(writer.else, reader.else)) {
    walk.emit('conditional-changed', 'warn', '/if', '/if');
  }
}

function hasRef(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('"$ref"');
}
