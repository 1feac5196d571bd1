import { escapePointer, parsePointer } from './json.js';

/** Stands for any property name or array index in a field location. */
export const ANY = '*';

const SKIP_ONE = new Set(['not', 'if', 'then', 'else']);
const SKIP_TWO = new Set(['allOf', 'anyOf', 'oneOf', 'dependentSchemas', 'dependencies']);
const ANY_MEMBER = new Set(['additionalProperties', 'unevaluatedProperties', 'propertyNames', 'additionalItems', 'unevaluatedItems', 'contains']);

/**
 * The event field a schema change touches. A topic schema describes `detail`, so a pointer in
 * the schema (`/properties/customer/properties/email/type`) maps to a data location
 * (`detail/customer/email`); `*` stands for any name or index (`additionalProperties`, `items`,
 * `patternProperties`). A change at a keyword of an object touches that object and everything
 * below it; a path the mapping cannot follow (into `$defs`) touches the whole detail.
 */
export function fieldOfSchemaPath(path: string): string[] {
  const segments = parsePointer(path);
  const field = ['detail'];
  for (let i = 0; i < segments.length; i += 1) {
    const keyword = segments[i]!;
    const next = segments[i + 1];
    if (keyword === 'properties' || keyword === 'required') {
      if (next === undefined) return field;
      field.push(next);
      i += 1;
      if (keyword === 'required') return field;
    } else if (keyword === 'patternProperties') {
      field.push(ANY);
      i += 1;
    } else if (keyword === 'prefixItems' || (keyword === 'items' && next !== undefined && /^\d+$/.test(next))) {
      if (next === undefined) return field;
      field.push(next);
      i += 1;
    } else if (keyword === 'items' || ANY_MEMBER.has(keyword)) {
      field.push(ANY);
    } else if (SKIP_TWO.has(keyword)) {
      i += 1;
    } else if (SKIP_ONE.has(keyword)) {
      continue;
    } else if (keyword === '$defs' || keyword === 'definitions') {
      return ['detail'];
    } else {
      return field; // a keyword of this node (type, enum, maxLength, …)
    }
  }
  return field;
}

/** `/detail/customer/*` for messages. */
export function formatField(field: readonly string[]): string {
  return `/${field.map(escapePointer).join('/')}`;
}

/**
 * Whether a consumer reading `pointer` (into the event, e.g. `/detail/orderId`) is affected by a
 * change to `field`: one is a prefix of the other (reading a parent object reads the changed
 * member; a change to a parent changes what the reader finds below it).
 */
export function readTouches(pointer: string, field: readonly string[]): boolean {
  let read: string[];
  try {
    read = parsePointer(pointer);
  } catch {
    return true; // an invalid pointer is reported by lint; assume it reads the field
  }
  const n = Math.min(read.length, field.length);
  for (let i = 0; i < n; i += 1) {
    if (field[i] !== ANY && field[i] !== read[i]) return false;
  }
  return true;
}
