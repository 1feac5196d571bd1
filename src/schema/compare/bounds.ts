import { BOUND_KEYWORDS } from '../rules.js';
import type { JsonObject } from '../json.js';
import type { Walk } from './walk.js';

/** Every numeric limit (lengths, ranges, counts): max-like limits break BACKWARD when tightened. */
export function compareBounds(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  for (const { keyword, name, kind } of BOUND_KEYWORDS) {
    const a = writer[keyword];
    const b = reader[keyword];
    if (a === b) continue;
    const hasA = typeof a === 'number';
    const hasB = typeof b === 'number';
    if (!hasA && !hasB) continue;
    const seg = `/${keyword}`;
    if (!hasA) walk.emit(`${name}-added`, 'break', seg, seg, undefined, b);
    else if (!hasB) walk.emit(`${name}-removed`, 'ok', seg, seg, a);
    else if (kind === 'max') walk.emit(b < a ? `${name}-decreased` : `${name}-increased`, b < a ? 'break' : 'ok', seg, seg, a, b);
    else walk.emit(b > a ? `${name}-increased` : `${name}-decreased`, b > a ? 'break' : 'ok', seg, seg, a, b);
  }
}

/** `pattern`, `format`, `contentEncoding` / `contentMediaType` / `contentSchema`. */
export function compareStrings(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const wp = writer.pattern;
  const rp = reader.pattern;
  if (wp !== rp) {
    if (wp === undefined) walk.emit('pattern-added', 'break', '/pattern', '/pattern', undefined, rp);
    else if (rp === undefined) walk.emit('pattern-removed', 'ok', '/pattern', '/pattern', wp);
    else walk.emit('pattern-changed', 'break', '/pattern', '/pattern', wp, rp);
  }
  const wf = writer.format;
  const rf = reader.format;
  if (wf !== rf) {
    if (wf === undefined) walk.emit('format-added', 'warn', '/format', '/format', undefined, rf);
    else if (rf === undefined) walk.emit('format-removed', 'warn', '/format', '/format', wf);
    else walk.emit('format-changed', 'warn', '/format', '/format', wf, rf);
  }
  for (const keyword of ['contentEncoding', 'contentMediaType']) {
    if (writer[keyword] !== reader[keyword]) walk.emit('content-changed', 'warn', `/${keyword}`, `/${keyword}`, writer[keyword], reader[keyword]);
  }
  if (writer.contentSchema !== undefined || reader.contentSchema !== undefined) {
    const sub = walk.sub(writer.contentSchema, reader.contentSchema);
    if (sub.changes.length > 0) walk.emit('content-changed', 'warn', '/contentSchema', '/contentSchema');
  }
}

/** `multipleOf`: a new step that is a multiple of the old one narrows; a divisor widens. */
export function compareNumbers(walk: Walk, writer: JsonObject, reader: JsonObject): void {
  const a = writer.multipleOf;
  const b = reader.multipleOf;
  if (a === b) return;
  const hasA = typeof a === 'number' && a > 0;
  const hasB = typeof b === 'number' && b > 0;
  if (!hasA && !hasB) return;
  const seg = '/multipleOf';
  if (!hasA) walk.emit('multiple-of-added', 'break', seg, seg, undefined, b);
  else if (!hasB) walk.emit('multiple-of-removed', 'ok', seg, seg, a);
  else if (isWhole(b / a)) walk.emit('multiple-of-narrowed', 'break', seg, seg, a, b);
  else if (isWhole(a / b)) walk.emit('multiple-of-widened', 'ok', seg, seg, a, b);
  else walk.emit('multiple-of-changed', 'break', seg, seg, a, b);
}

function isWhole(x: number): boolean {
  return Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x));
}
