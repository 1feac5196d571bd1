import { describe, expect, it } from 'vitest';
import { diff } from './helpers.js';

// enum/const without `type` still fix the JSON types a document can have: changing the value
// types is a type change, reported and judged in both directions (it used to pass silently).
describe('value types inside enum/const without type', () => {
  it.each([
    ['enum string → number', { enum: ['1'] }, { enum: [1] }],
    ['const string → number', { const: 'a' }, { const: 1 }],
    ['const number → boolean', { const: 1 }, { const: true }],
    ['enum → const of another type', { enum: ['a', 'b'] }, { const: null }],
  ])('%s is a type change that breaks BACKWARD and FORWARD', async (_label, before, after) => {
    for (const [old, now] of [[before, after], [after, before]] as const) {
      const result = await diff(old, now, { mode: 'FULL' });
      expect(result.compatible).toBe(false);
      const type = result.changes.find((c) => c.rule === 'type-changed');
      expect(type, JSON.stringify(result.changes)).toBeDefined();
      expect(type!.backward && type!.forward).toBe(true);
      expect((await diff(old, now, { mode: 'BACKWARD' })).compatible).toBe(false);
      expect((await diff(old, now, { mode: 'FORWARD' })).compatible).toBe(false);
    }
  });

  it('a value of a new type added to an enum widens the type (FORWARD breaks)', async () => {
    const result = await diff({ enum: ['a'] }, { enum: ['a', 1] }, { mode: 'FULL' });
    expect(result.changes.find((c) => c.rule === 'type-widened')).toMatchObject({ backward: false, forward: true });
    expect((await diff({ enum: ['a'] }, { enum: ['a', 1] }, { mode: 'BACKWARD' })).compatible).toBe(true);
  });

  it('a value type removed from an enum narrows the type (BACKWARD breaks)', async () => {
    const result = await diff({ enum: ['a', 1] }, { enum: ['a'] }, { mode: 'FULL' });
    expect(result.changes.find((c) => c.rule === 'type-narrowed')).toMatchObject({ backward: true, forward: false });
  });

  it('same value types, different values: only the value rules speak', async () => {
    const result = await diff({ enum: ['a'] }, { enum: ['a', 'b'] });
    expect(result.changes.map((c) => c.rule)).toEqual(['enum-value-added']);
  });
});
