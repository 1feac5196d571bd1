import { InputError } from '../errors.js';

/**
 * RFC 8785 (JSON Canonicalization Scheme). Our own ~60 lines instead of a dependency: the plan
 * digest is the security boundary, so the code that defines its bytes should be small and
 * fully tested here. Input is restricted to I-JSON: finite numbers, well-formed strings.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The canonical text of a value. Throws on anything outside I-JSON (NaN, lone surrogates, …). */
export function canonicalize(value: unknown): string {
  return serialize(value, '$');
}

/** The canonical UTF-8 bytes of a value (what gets hashed and written). */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/** UTF-16 code unit order (RFC 8785 §3.2.3); not locale, not code points. */
export function compareUtf16(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(value: string, at: string): string {
  if (LONE_SURROGATE.test(value)) throw new TypeError(`${at}: string contains a lone surrogate (not I-JSON)`);
  // ECMAScript JSON.stringify escapes exactly as RFC 8785 §3.2.2.2 requires (short escapes,
  // \u00xx lowercase for other controls, everything else literal).
  return JSON.stringify(value);
}

function serializeNumber(value: number, at: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`${at}: ${value} is not a finite number`);
  // RFC 8785 §3.2.2.3 is ECMAScript Number::toString; -0 becomes "0".
  return Object.is(value, -0) ? '0' : String(value);
}

function serialize(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value, at);
    case 'string':
      return serializeString(value, at);
    case 'object':
      break;
    default:
      throw new TypeError(`${at}: ${typeof value} is not JSON`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => {
      if (item === undefined) throw new TypeError(`${at}[${i}]: undefined is not JSON`);
      return serialize(item, `${at}[${i}]`);
    }).join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${at}: only plain objects are JSON (got ${(value as object).constructor?.name ?? 'object'})`);
  }
  const record = value as Record<string, unknown>;
  // Absent and undefined properties are the same thing, as with JSON.stringify.
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort(compareUtf16);
  return `{${keys.map((key) => `${serializeString(key, at)}:${serialize(record[key], `${at}.${key}`)}`).join(',')}}`;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses bytes that must already be canonical: strict UTF-8, valid JSON, and byte-equal to their
 * own canonical form. Duplicate keys, whitespace, escapes or number spellings that differ from
 * RFC 8785 all fail closed here, so two parsers can never disagree about what was signed.
 */
export function parseCanonical(bytes: Uint8Array, what = 'input'): JsonValue {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new InputError(`${what} is not valid UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  let canonical: Buffer;
  try {
    canonical = canonicalBytes(value);
  } catch (error) {
    throw new InputError(`${what} is not I-JSON: ${(error as Error).message}`);
  }
  if (!canonical.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) {
    throw new InputError(`${what} is not in RFC 8785 canonical form (extra whitespace, key order, duplicate keys, escapes or number spelling)`, {
      hint: 'regenerate it with eventctl instead of editing it by hand; any edit voids its approvals anyway',
    });
  }
  return value as JsonValue;
}
