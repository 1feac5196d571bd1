import { canonical, type JsonObject } from '../json.js';
import type { Walk } from './walk.js';

// Type sets as bit masks; `number` includes `integer`.
const NULL = 1;
const BOOLEAN = 2;
const OBJECT = 4;
const ARRAY = 8;
const INTEGER = 16;
const NUMBER = 32 | INTEGER;
const STRING = 64;
const ALL = 127;
const BITS: Record<string, number> = { null: NULL, boolean: BOOLEAN, object: OBJECT, array: ARRAY, integer: INTEGER, number: NUMBER, string: STRING };

function typeMask(node: JsonObject): { mask: number; explicit: boolean } {
  const type = node.type;
  if (typeof type === 'string') return { mask: BITS[type] ?? ALL, explicit: true };
  if (Array.isArray(type)) {
    let mask = 0;
    for (const t of type) mask |= typeof t === 'string' ? (BITS[t] ?? 0) : 0;
    return { mask, explicit: true };
  }
  // No `type`: an enum or const still limits the types a document can have.
  const values = node.const !== undefined ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (values) {
    let mask = 0;
    for (const v of values) mask |= valueMask(v);
    return { mask, explicit: false };
  }
  return { mask: ALL, explicit: false };
}

function valueMask(value: unknown): number {
  if (value === null) return NULL;
  switch (typeof value) {
    case 'boolean':
      return BOOLEAN;
    case 'string':
      return STRING;
    case 'number':
      return Number.isInteger(value) ? INTEGER : NUMBER;
    default:
      return Array.isArray(value) ? ARRAY : OBJECT;
  }
}

function names(mask: number): string[] {
  const out: string[] = [];
  if (mask === ALL) return ['any'];
  if (mask & NULL) out.push('null');
  if (mask & BOOLEAN) out.push('boolean');
  if (mask & OBJECT) out.push('object');
  if (mask & ARRAY) out.push('array');
  if ((mask & NUMBER) === NUMBER) out.push('number');
  else if (mask & INTEGER) out.push('integer');
  if (mask & STRING) out.push('string');
  return out;
}

/** Compares `type`; returns true when the two type sets are disjoint (nothing else to compare). */
export function compareTypes(walk: Walk, writer: JsonObject, reader: JsonObject): boolean {
  const w = typeMask(writer);
  const r = typeMask(reader);
  if (w.mask === r.mask) return false;
  // Without `type`, enum/const values fix the types: report the change where the values are.
  const wSeg = w.explicit ? '/type' : valueKeyword(writer);
  const rSeg = r.explicit ? '/type' : valueKeyword(reader);
  const was = names(w.mask).join('|');
  const now = names(r.mask).join('|');
  if ((w.mask & ~r.mask) === 0) {
    walk.emit((r.mask & ~w.mask) === NULL ? 'became-nullable' : 'type-widened', 'ok', wSeg, rSeg, was, now);
    return false;
  }
  if ((r.mask & ~w.mask) === 0) {
    walk.emit((w.mask & ~r.mask) === NULL ? 'became-not-nullable' : 'type-narrowed', 'break', wSeg, rSeg, was, now);
    return false;
  }
  walk.emit('type-changed', 'break', wSeg, rSeg, was, now);
  return (w.mask & r.mask) === 0;
}

function valueKeyword(node: JsonObject): string {
  if (node.const !== undefined) return '/const';
  return Array.isArray(node.enum) ? '/enum' : '/type';
}

const setCache = new WeakMap<readonly unknown[], Set<string>>();
function valueSet(values: readonly unknown[]): Set<string> {
  let set = setCache.get(values);
  if (!set) {
    set = new Set();
    for (const v of values) set.add(typeof v === 'string' ? `"${v}` : canonical(v));
    setCache.set(values, set);
  }
  return set;
}

function allowed(node: JsonObject): { kind: 'enum' | 'const'; values: readonly unknown[] } | undefined {
  if (node.const !== undefined) return { kind: 'const', values: [node.const] };
  if (Array.isArray(node.enum)) return { kind: 'enum', values: node.enum };
  return undefined;
}

/** Compares `enum` and `const` as sets of allowed values. */
export function compareValues(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const w = allowed(writer);
  const r = allowed(reader);
  if (!w && !r) return;
  if (!w) {
    walk.emit(r!.kind === 'const' ? 'const-added' : 'enum-added', 'break', '', '', undefined, r!.values);
    return;
  }
  if (!r) {
    walk.emit(w.kind === 'const' ? 'const-removed' : 'enum-removed', 'ok', '', '', w.values);
    return;
  }
  const ws = w.kind === 'const' ? new Set([canonicalValue(w.values[0])]) : valueSet(w.values);
  const rs = r.kind === 'const' ? new Set([canonicalValue(r.values[0])]) : valueSet(r.values);
  let wInR = true;
  for (const v of ws) if (!rs.has(v)) { wInR = false; break; }
  let rInW = true;
  for (const v of rs) if (!ws.has(v)) { rInW = false; break; }
  if (wInR && rInW) return;
  if (wInR) walk.emit('enum-value-added', 'ok', '', '', w.values, r.values);
  else if (rInW) walk.emit('enum-value-removed', 'break', '', '', w.values, r.values);
  else walk.emit(w.kind === 'const' && r.kind === 'const' ? 'const-changed' : 'enum-changed', 'break', '', '', w.values, r.values);
}

function canonicalValue(v: unknown): string {
  return typeof v === 'string' ? `"${v}` : canonical(v);
}
