import { deepEqual } from '../json.js';

/**
 * Content hashes of schema subtrees, cached per node, so identical subtrees (most of a schema
 * between two versions) are skipped in O(1). A subtree holding a `$ref` has no content hash:
 * equal text can still point at different targets.
 */
const HAS_REF = -1;
const cache = new WeakMap<object, number>();

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193) >>> 0;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 1; // keep it non-negative and distinct from HAS_REF
}

export function contentHash(value: unknown): number {
  if (value === null) return 1;
  switch (typeof value) {
    case 'string':
      return stringHash(value);
    case 'number':
      return stringHash(`#${value}`);
    case 'boolean':
      return value ? 2 : 3;
    case 'object':
      break;
    default:
      return 4;
  }
  const node = value as object;
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  let h: number;
  if (Array.isArray(node)) {
    h = 0x9e3779b9;
    for (const item of node) {
      const x = contentHash(item);
      if (x === HAS_REF) {
        h = HAS_REF;
        break;
      }
      h = mix(h, x);
    }
  } else {
    // Order-independent over keys: a sum of per-entry hashes.
    let sum = 0;
    h = 0;
    for (const key in node) {
      if (key === '$ref') {
        h = HAS_REF;
        break;
      }
      const x = contentHash((node as Record<string, unknown>)[key]);
      if (x === HAS_REF) {
        h = HAS_REF;
        break;
      }
      sum = (sum + mix(stringHash(key), x)) >>> 0;
    }
    if (h !== HAS_REF) h = mix(sum, 0x85ebca6b) >>> 1;
  }
  cache.set(node, h);
  return h;
}

/** True when two schema subtrees are equal JSON with no `$ref` inside (so nothing can differ). */
export function sameContent(a: object, b: object): boolean {
  const ha = contentHash(a);
  if (ha === HAS_REF || ha !== contentHash(b)) return false;
  return deepEqual(a, b);
}
