/** Small JSON helpers shared by the engine: type tests, canonical keys, pointer escaping. */

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text with object keys sorted: equal values give equal strings (enum/const comparison). */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i ? ',' : '') + canonical(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    out += `${i ? ',' : ''}${JSON.stringify(key)}:${canonical((value as JsonObject)[key])}`;
  }
  return `${out}}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // 1 and 1.0 are the same JSON number already; NaN cannot come from JSON.
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const key of ak) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!deepEqual((a as JsonObject)[key], (b as JsonObject)[key])) return false;
  }
  return true;
}

/** RFC 6901 escaping of one reference token. */
export function escapePointer(token: string): string {
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(token: string): string {
  if (token.indexOf('~') === -1) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Splits a JSON pointer (`/a/b` or `#/a/b`) into unescaped tokens. */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  p = p.slice(1);
  return p.split('/').map((t) => unescapePointer(decodeURIComponentSafe(t)));
}

/** decodeURIComponent, or the text as written when its %-escapes are malformed (a hostile $ref is input, not a crash). */
export function decodeURIComponentSafe(token: string): string {
  if (token.indexOf('%') === -1) return token;
  try {
    return decodeURIComponent(token);
  } catch {
    return token;
  }
}

export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
