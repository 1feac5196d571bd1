import { decodeURIComponentSafe } from '../schema/json.js';
import { decodePointer } from '../manifest/yaml-source.js';

/** EventBridge envelope fields: always present, so a pointer to one always resolves. */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
]);

/**
 * Where a JSON pointer into an event lands in a topic's schema (which describes `detail`):
 * - `declared`: every segment is a declared property; `required` when each is also required;
 * - `missing`: `missingAt` is the first segment the schema does not declare;
 * - `unknown`: the schema delegates to a `$ref` outside the document, so eventctl cannot judge.
 */
export type PointerVerdict =
  | { kind: 'declared'; required: boolean; optionalAt?: string }
  | { kind: 'missing'; missingAt: string }
  | { kind: 'unknown' };

const MAX_DEPTH = 32;
const cache = new WeakMap<object, Map<string, PointerVerdict>>();

export function lookupEventPointer(schema: unknown, pointer: string): PointerVerdict {
  const segments = decodePointer(pointer);
  const [head, ...rest] = segments;
  if (head === undefined) return { kind: 'declared', required: true };
  if (head !== 'detail') {
    return rest.length === 0 && ENVELOPE_FIELDS.has(head)
      ? { kind: 'declared', required: true }
      : { kind: 'missing', missingAt: `/${escape(head)}` };
  }
  if (rest.length === 0) return { kind: 'declared', required: true };
  if (schema === null || typeof schema !== 'object') return { kind: 'unknown' };
  let byPointer = cache.get(schema);
  if (!byPointer) cache.set(schema, (byPointer = new Map()));
  const cached = byPointer.get(pointer);
  if (cached) return cached;
  const verdict = walk(schema, rest);
  byPointer.set(pointer, verdict);
  return verdict;
}

function walk(root: object, segments: readonly string[]): PointerVerdict {
  let nodes: unknown[] = [root];
  let required = true;
  let optionalAt: string | undefined;
  let path = '/detail';
  for (const segment of segments) {
    path += `/${escape(segment)}`;
    const found = lookupMember(nodes, segment, root);
    if (found.unknown && !found.declared) return { kind: 'unknown' };
    if (!found.declared) return { kind: 'missing', missingAt: path };
    if (!found.required && required) {
      required = false;
      optionalAt = path;
    }
    nodes = found.children;
  }
  return required ? { kind: 'declared', required } : { kind: 'declared', required, optionalAt: optionalAt! };
}

interface MemberLookup {
  declared: boolean;
  required: boolean;
  unknown: boolean;
  children: unknown[];
}

function lookupMember(nodes: readonly unknown[], name: string, root: object): MemberLookup {
  const result: MemberLookup = { declared: false, required: false, unknown: false, children: [] };
  for (const node of nodes) {
    const one = memberOf(node, name, root, 0);
    result.declared ||= one.declared;
    result.required ||= one.required;
    result.unknown ||= one.unknown;
    result.children.push(...one.children);
  }
  return result;
}

/** A property (or array item) of one schema, looking through local `$ref`, `allOf`, `anyOf` and `oneOf`. */
function memberOf(node: unknown, name: string, root: object, depth: number): MemberLookup {
  const result: MemberLookup = { declared: false, required: false, unknown: false, children: [] };
  if (depth > MAX_DEPTH) return { ...result, unknown: true };
  const schema = resolveRef(node, root);
  if (schema === 'unknown') return { ...result, unknown: true };
  if (!schema) return result;

  const properties = record(schema.properties);
  if (properties && Object.hasOwn(properties, name)) {
    result.declared = true;
    result.children.push(properties[name]);
  }
  if (Array.isArray(schema.required) && schema.required.includes(name)) result.required = true;
  if (/^(0|[1-9]\d*)$/.test(name)) {
    const index = Number(name);
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
    const item = prefix ? prefix[index] : schema.items;
    if (item !== undefined && item !== false) {
      result.declared = true;
      result.children.push(item);
      if (typeof schema.minItems === 'number' && schema.minItems > index) result.required = true;
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf) merge(result, memberOf(member, name, root, depth + 1));
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const each = branches.map((branch) => memberOf(branch, name, root, depth + 1));
    // Declared when some branch declares it; required only when every branch requires it.
    if (each.some((b) => b.declared)) {
      result.declared = true;
      for (const b of each) result.children.push(...b.children);
    }
    if (each.every((b) => b.required)) result.required = true;
    if (each.some((b) => b.unknown)) result.unknown = true;
  }
  if (typeof schema.$ref === 'string' && depth < MAX_DEPTH) {
    // 2019-09+ allows $ref beside other keywords; resolveRef followed it only when it stood alone.
    merge(result, memberOf({ $ref: schema.$ref }, name, root, depth + 1));
  }
  return result;
}

function merge(into: MemberLookup, from: MemberLookup): void {
  into.declared ||= from.declared;
  into.required ||= from.required;
  into.unknown ||= from.unknown;
  into.children.push(...from.children);
}

type SchemaObject = Record<string, unknown>;

/** Follows a local `$ref` chain; 'unknown' for references to other documents. */
function resolveRef(node: unknown, root: object): SchemaObject | undefined | 'unknown' {
  let current = node;
  for (let hops = 0; hops < MAX_DEPTH; hops += 1) {
    const schema = record(current);
    if (!schema) return undefined;
    const ref = schema.$ref;
    if (typeof ref !== 'string' || Object.keys(schema).length > 1) return schema;
    if (!ref.startsWith('#')) return 'unknown';
    current = atPointer(root, decodeURIComponentSafe(ref.slice(1)));
    if (current === undefined) return 'unknown';
  }
  return 'unknown';
}

function atPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of decodePointer(pointer)) {
    const rec = record(node);
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (rec) node = rec[segment];
    else return undefined;
  }
  return node;
}

function record(value: unknown): SchemaObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaObject) : undefined;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
