import { describe, expect, it } from 'vitest';
import { jsonPointerPositions, locateInJson } from '../../../src/text/json-locate.js';

describe('jsonPointerPositions', () => {
  const text = JSON.stringify({ $schema: 'x', type: 'object', properties: { id: { type: 'strin' }, 'a/b': { enum: [1, { c: 2 }] } } }, null, 2);
  const positions = jsonPointerPositions(text);
  const lineOf = (pointer: string) => text.split('\n')[locateInJson(positions, pointer).line - 1]!.trim();

  it('maps object keys and array items to their lines', () => {
    expect(lineOf('/type')).toBe('"type": "object",');
    expect(lineOf('/properties/id/type')).toBe('"type": "strin"');
    expect(lineOf('/properties/a~1b/enum/1/c')).toBe('"c": 2');
    expect(lineOf('/properties/a~1b/enum/0')).toBe('1,');
  });

  it('falls back to the nearest ancestor for a pointer that does not exist', () => {
    expect(lineOf('/properties/id/minimum')).toBe('"id": {');
    expect(locateInJson(positions, '/nope')).toEqual({ line: 1, column: 1 });
  });

  it('survives a 10,000-deep document without recursion', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const map = jsonPointerPositions(deep);
    expect(map.size).toBeGreaterThan(9_999);
  });
});
