import { isObject, parsePointer, type JsonObject } from './json.js';

/** What a schema says about retiring a property: `deprecated: true` and `x-sunset: YYYY-MM-DD`. */
export interface Deprecation {
  deprecated: boolean;
  /** As written; `sunsetStart` is its first instant (UTC) when it is a real date. */
  sunset?: string;
  sunsetStart?: Date;
}

/** The first instant of a `YYYY-MM-DD` day in UTC, or undefined when it is not a real date. */
export function sunsetStart(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d ? at : undefined;
}

export function deprecationOf(node: unknown): Deprecation | undefined {
  if (!isObject(node)) return undefined;
  const deprecated = node.deprecated === true;
  const sunset = typeof node['x-sunset'] === 'string' ? node['x-sunset'] : undefined;
  if (!deprecated && sunset === undefined) return undefined;
  return { deprecated, sunset, sunsetStart: sunsetStart(sunset) };
}

/** The schema node at a pointer, following `$ref` at every step with `deref` (a bundle's). */
export function schemaNodeAt(root: unknown, path: string, deref: (node: unknown) => unknown = (n) => n): unknown {
  let node = deref(root);
  for (const segment of parsePointer(path)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = (node as JsonObject)[segment];
    else return undefined;
    const resolved = deref(node);
    // Keep annotations written beside a $ref (deprecated next to a reference).
    if (resolved !== node && isObject(node) && isObject(resolved) && (node.deprecated !== undefined || node['x-sunset'] !== undefined)) {
      node = { ...resolved, ...(node.deprecated !== undefined ? { deprecated: node.deprecated } : {}), ...(node['x-sunset'] !== undefined ? { 'x-sunset': node['x-sunset'] } : {}) };
    } else node = resolved;
  }
  return node;
}

/**
 * The deprecated fields along an event pointer into a topic schema (which describes `detail`):
 * reading `/detail/customer/email` reads a deprecated field when `customer` or `email` is
 * deprecated. Follows local `$ref`s, `allOf`/`anyOf`/`oneOf` branches and `items`.
 */
export function deprecationsAlong(schema: unknown, pointer: string): Array<{ at: string; deprecation: Deprecation }> {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return [];
  }
  if (segments[0] !== 'detail') return [];
  const found: Array<{ at: string; deprecation: Deprecation }> = [];
  let nodes: unknown[] = [schema];
  let at = '/detail';
  for (const segment of segments.slice(1)) {
    at += `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const next: unknown[] = [];
    for (const node of nodes) collectMember(schema, node, segment, next, 0);
    if (next.length === 0) break;
    const deprecation = next.map(deprecationOf).find((d) => d !== undefined);
    if (deprecation) found.push({ at, deprecation });
    nodes = next;
  }
  return found;
}

function collectMember(root: unknown, node: unknown, name: string, out: unknown[], depth: number): void {
  if (depth > 16) return;
  const schema = resolveLocal(root, node);
  if (!isObject(schema)) return;
  const properties = schema.properties;
  if (isObject(properties) && Object.prototype.hasOwnProperty.call(properties, name)) out.push(withSiblings(root, properties[name]));
  if (/^\d+$/.test(name)) {
    const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
    const item = tuple ? tuple[Number(name)] : schema.items;
    if (item !== undefined) out.push(withSiblings(root, item));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) collectMember(root, branch, name, out, depth + 1);
  }
}

/** A property schema with its `$ref` resolved, keeping `deprecated`/`x-sunset` written beside the ref. */
function withSiblings(root: unknown, node: unknown): unknown {
  const resolved = resolveLocal(root, node);
  if (resolved === node || !isObject(node) || !isObject(resolved)) return resolved;
  return { ...resolved, ...(node.deprecated !== undefined ? { deprecated: node.deprecated } : {}), ...(node['x-sunset'] !== undefined ? { 'x-sunset': node['x-sunset'] } : {}) };
}

function resolveLocal(root: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 16; hops += 1) {
    if (!isObject(current) || typeof current.$ref !== 'string' || !current.$ref.startsWith('#')) return current;
    let target: unknown = root;
    try {
      for (const segment of parsePointer(current.$ref)) target = isObject(target) ? target[segment] : Array.isArray(target) ? target[Number(segment)] : undefined;
    } catch {
      return current;
    }
    if (target === undefined) return current;
    current = target;
  }
  return current;
}
