import { describe, expect, it } from 'vitest';
import { BOUND_KEYWORDS, SCHEMA_RULES, inverseRule } from '../../../src/schema/rules.js';
import { diff, find } from './helpers.js';

type Case = [rule: string, old: unknown, now: unknown, backward: boolean, forward: boolean, options?: { policy?: 'strict' | 'lenient'; warn?: boolean; label?: string }];

const S07 = 'http://json-schema.org/draft-07/schema#';
const S2019 = 'https://json-schema.org/draft/2019-09/schema';
const S2020 = 'https://json-schema.org/draft/2020-12/schema';
const str = { type: 'string' };
const obj = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });

const CASES: Case[] = [
  ['annotation-changed', { title: 'a' }, { title: 'b' }, false, false],
  ['default-changed', { type: 'string', default: 'a' }, { type: 'string', default: 'b' }, false, false],
  ['dialect-changed', { $schema: S07, type: 'string' }, { $schema: S2020, type: 'string' }, false, false, { warn: true }],
  ['unknown-keyword-changed', { type: 'string', foo: 1 }, { type: 'string', foo: 2 }, false, false, { warn: true }],
  ['unsupported-keyword', { $schema: S2020, $dynamicRef: '#a' }, { $schema: S2020, $dynamicRef: '#b' }, false, false, { warn: true }],
  ['type-changed', str, { type: 'number' }, true, true],
  ['type-widened', { type: 'integer' }, { type: 'number' }, false, true],
  ['type-narrowed', { type: 'number' }, { type: 'integer' }, true, false],
  ['became-nullable', str, { type: ['string', 'null'] }, false, true],
  ['became-not-nullable', { type: ['string', 'null'] }, str, true, false],
  ['schema-became-false', obj({ a: str }), obj({ a: false }), true, false],
  ['schema-no-longer-false', obj({ a: false }), obj({ a: str }), false, true],
  ['enum-value-added', { enum: ['a'] }, { enum: ['a', 'b'] }, false, true],
  ['enum-value-removed', { enum: ['a', 'b'] }, { enum: ['a'] }, true, false],
  ['enum-changed', { enum: ['a'] }, { enum: ['b'] }, true, true],
  ['enum-added', str, { type: 'string', enum: ['a'] }, true, false],
  ['enum-removed', { type: 'string', enum: ['a'] }, str, false, true],
  ['const-added', str, { type: 'string', const: 'a' }, true, false],
  ['const-removed', { type: 'string', const: 'a' }, str, false, true],
  ['const-changed', { const: 'a' }, { const: 'b' }, true, true],
  ['pattern-added', str, { type: 'string', pattern: '^a' }, true, false],
  ['pattern-removed', { type: 'string', pattern: '^a' }, str, false, true],
  ['pattern-changed', { type: 'string', pattern: '^a' }, { type: 'string', pattern: '^b' }, true, true],
  ['format-added', str, { type: 'string', format: 'email' }, false, false, { warn: true }],
  ['format-removed', { type: 'string', format: 'email' }, str, false, false, { warn: true }],
  ['format-changed', { type: 'string', format: 'email' }, { type: 'string', format: 'uri' }, false, false, { warn: true }],
  ['content-changed', { type: 'string', contentEncoding: 'base64' }, { type: 'string', contentEncoding: 'base32' }, false, false, { warn: true }],
  ['multiple-of-added', { type: 'number' }, { type: 'number', multipleOf: 2 }, true, false],
  ['multiple-of-removed', { type: 'number', multipleOf: 2 }, { type: 'number' }, false, true],
  ['multiple-of-narrowed', { type: 'number', multipleOf: 2 }, { type: 'number', multipleOf: 4 }, true, false],
  ['multiple-of-widened', { type: 'number', multipleOf: 0.02 }, { type: 'number', multipleOf: 0.01 }, false, true],
  ['multiple-of-changed', { type: 'number', multipleOf: 2 }, { type: 'number', multipleOf: 3 }, true, true],
  // Objects: open model unless said otherwise.
  ['property-added', obj({ a: str }), obj({ a: str, b: str }), true, false, { label: 'open, strict' }],
  ['property-added', obj({ a: str }), obj({ a: str, b: str }), false, false, { policy: 'lenient', label: 'open, lenient' }],
  ['property-added', obj({ a: str }), obj({ a: str, b: {} }), false, false, { label: 'open, empty schema' }],
  ['property-added', obj({ a: str }, { additionalProperties: false }), obj({ a: str, b: str }, { additionalProperties: false }), false, true, { label: 'closed, strict' }],
  ['property-added', obj({ a: str }, { additionalProperties: str }), obj({ a: str, b: str }, { additionalProperties: str }), false, false, { label: 'partially open, covered' }],
  ['property-added', obj({ a: str }, { additionalProperties: str }), obj({ a: str, b: { type: 'number' } }, { additionalProperties: str }), true, true, { label: 'partially open, not covered' }],
  ['required-property-added', obj({ a: str }), obj({ a: str, b: str }, { required: ['b'] }), true, false],
  ['required-property-with-default-added', obj({ a: str }), obj({ a: str, b: { type: 'string', default: 'x' } }, { required: ['b'] }), true, false, { label: 'open, strict' }],
  ['required-property-with-default-added', obj({ a: str }), obj({ a: str, b: { type: 'string', default: 'x' } }, { required: ['b'] }), false, false, { policy: 'lenient' }],
  ['required-property-with-default-added', obj({ a: str }, { additionalProperties: false }), obj({ a: str, b: { type: 'string', default: 'x' } }, { required: ['b'], additionalProperties: false }), false, true, { label: 'closed' }],
  ['property-removed', obj({ a: str, b: str }), obj({ a: str }), false, true, { label: 'open, strict' }],
  ['property-removed', obj({ a: str, b: str }, { additionalProperties: false }), obj({ a: str }, { additionalProperties: false }), true, false, { label: 'closed, strict' }],
  ['property-removed', obj({ a: str, b: str }, { additionalProperties: false }), obj({ a: str }, { additionalProperties: false }), false, false, { policy: 'lenient', label: 'closed, lenient' }],
  ['property-became-required', obj({ a: str }), obj({ a: str }, { required: ['a'] }), true, false],
  ['property-became-required', obj({ a: str }), obj({ a: { type: 'string', default: 'x' } }, { required: ['a'] }), false, false, { label: 'with default' }],
  ['property-became-optional', obj({ a: str }, { required: ['a'] }), obj({ a: str }), false, true],
  ['required-undeclared-property', obj({ a: str }), obj({ a: str }, { required: ['x'] }), true, false],
  ['required-undeclared-property-dropped', obj({ a: str }, { required: ['x'] }), obj({ a: str }), false, true],
  ['additional-properties-opened', obj({}, { additionalProperties: false }), obj({}), false, true],
  ['additional-properties-closed', obj({}), obj({}, { additionalProperties: false }), true, false],
  ['additional-properties-closed', obj({}), obj({}, { additionalProperties: false }), false, false, { policy: 'lenient' }],
  ['additional-properties-narrowed', obj({}), obj({}, { additionalProperties: str }), true, false],
  ['additional-properties-widened', obj({}, { additionalProperties: str }), obj({}), false, true],
  ['unevaluated-properties-opened', { $schema: S2019, unevaluatedProperties: false }, { $schema: S2019 }, false, true],
  ['unevaluated-properties-closed', { $schema: S2019 }, { $schema: S2019, unevaluatedProperties: false }, true, false],
  ['unevaluated-properties-narrowed', { $schema: S2019 }, { $schema: S2019, unevaluatedProperties: str }, true, false],
  ['unevaluated-properties-widened', { $schema: S2019, unevaluatedProperties: str }, { $schema: S2019 }, false, true],
  ['pattern-property-added', obj({}), obj({}, { patternProperties: { '^x_': str } }), true, false, { label: 'open model' }],
  ['pattern-property-added', obj({}, { additionalProperties: false }), obj({}, { additionalProperties: false, patternProperties: { '^x_': str } }), false, true, { label: 'closed model' }],
  ['pattern-property-removed', obj({}, { patternProperties: { '^x_': str } }), obj({}), false, true],
  ['property-names-added', obj({}), obj({}, { propertyNames: { maxLength: 3 } }), true, false],
  ['property-names-removed', obj({}, { propertyNames: { maxLength: 3 } }), obj({}), false, true],
  ['max-length-decreased', obj({}, { propertyNames: { maxLength: 5 } }), obj({}, { propertyNames: { maxLength: 3 } }), true, false, { label: 'inside propertyNames' }],
  ['dependency-added', obj({}), obj({}, { dependencies: { a: ['b'] } }), true, false],
  ['dependency-removed', obj({}, { dependencies: { a: ['b'] } }), obj({}), false, true],
  ['dependency-extended', { $schema: S2019, dependentRequired: { a: ['b'] } }, { $schema: S2019, dependentRequired: { a: ['b', 'c'] } }, true, false],
  ['dependency-narrowed', { $schema: S2019, dependentRequired: { a: ['b', 'c'] } }, { $schema: S2019, dependentRequired: { a: ['b'] } }, false, true],
  ['dependency-changed', obj({}, { dependencies: { a: ['b'] } }), obj({}, { dependencies: { a: ['c'] } }), true, true],
  ['dependent-schema-added', { $schema: S2019 }, { $schema: S2019, dependentSchemas: { a: { required: ['b'] } } }, true, false],
  ['dependent-schema-removed', obj({}, { dependencies: { a: { required: ['b'] } } }), obj({}), false, true],
  // Arrays.
  ['tuple-item-added', { $schema: S2020, prefixItems: [str] }, { $schema: S2020, prefixItems: [str, str] }, true, false, { label: 'open array' }],
  ['tuple-item-added', { $schema: S2020, prefixItems: [str], items: false }, { $schema: S2020, prefixItems: [str, str], items: false }, false, true, { label: 'closed array' }],
  ['tuple-item-added', { $schema: S2020, prefixItems: [str], items: false }, { $schema: S2020, prefixItems: [str, str], items: false }, false, true, { policy: 'lenient', label: 'LENIENT does not relax arrays' }],
  ['tuple-item-removed', { type: 'array', items: [str, str], additionalItems: false }, { type: 'array', items: [str], additionalItems: false }, true, false],
  ['additional-items-opened', { type: 'array', items: [str], additionalItems: false }, { type: 'array', items: [str] }, false, true],
  ['additional-items-closed', { type: 'array', items: [str] }, { type: 'array', items: [str], additionalItems: false }, true, false],
  ['unevaluated-items-opened', { $schema: S2020, unevaluatedItems: false }, { $schema: S2020 }, false, true],
  ['unevaluated-items-closed', { $schema: S2020 }, { $schema: S2020, unevaluatedItems: false }, true, false],
  ['unique-items-added', { type: 'array' }, { type: 'array', uniqueItems: true }, true, false],
  ['unique-items-removed', { type: 'array', uniqueItems: true }, { type: 'array' }, false, true],
  ['contains-added', { type: 'array' }, { type: 'array', contains: str }, true, false],
  ['contains-removed', { type: 'array', contains: str }, { type: 'array' }, false, true],
  ['type-widened', { type: 'array', contains: { type: 'integer' } }, { type: 'array', contains: { type: 'number' } }, false, true, { label: 'inside contains' }],
  // Composition.
  ['combinator-widened', { oneOf: [str] }, { anyOf: [str] }, false, false],
  ['combinator-changed', { anyOf: [str, { type: 'number' }] }, { oneOf: [str] }, true, false],
  ['combinator-added', str, { anyOf: [{ type: 'number' }, { type: 'boolean' }] }, true, false],
  ['combinator-removed', { allOf: [str, { maxLength: 3 }] }, { type: 'number' }, true, false],
  ['union-branch-added', { oneOf: [str] }, { oneOf: [str, { type: 'number' }] }, false, true],
  ['union-branch-removed', { anyOf: [str, { type: 'number' }] }, { anyOf: [str] }, true, false],
  ['allof-branch-added', { allOf: [str] }, { allOf: [str, { maxLength: 3 }] }, true, false],
  ['allof-branch-removed', { allOf: [str, { maxLength: 3 }] }, { allOf: [str] }, false, true],
  ['union-branch-changed', { oneOf: [str] }, { oneOf: [{ type: 'number' }] }, true, true],
  ['not-added', {}, { not: str }, true, false],
  ['not-removed', { not: str }, {}, false, true],
  ['not-excludes-less', { not: { type: 'number' } }, { not: { type: 'integer' } }, false, true],
  ['not-excludes-more', { not: { type: 'integer' } }, { not: { type: 'number' } }, true, false],
  ['conditional-changed', { if: { required: ['a'] }, then: { required: ['b'] } }, { if: { required: ['c'] }, then: { required: ['b'] } }, false, false, { warn: true }],
  ['required-undeclared-property', { if: { required: ['a'] }, then: {} }, { if: { required: ['a'] }, then: { required: ['b'] } }, true, false, { label: 'then compared when if is unchanged' }],
];

// Bounds: max-like limits break BACKWARD when added or decreased, min-like when added or increased.
for (const { keyword, name, kind } of BOUND_KEYWORDS) {
  const tighten = kind === 'max' ? 'decreased' : 'increased';
  const loosen = kind === 'max' ? 'increased' : 'decreased';
  const [tight, loose] = kind === 'max' ? [3, 5] : [5, 3];
  CASES.push([`${name}-added`, {}, { [keyword]: 4 }, true, false]);
  CASES.push([`${name}-removed`, { [keyword]: 4 }, {}, false, true]);
  CASES.push([`${name}-${tighten}`, { [keyword]: loose }, { [keyword]: tight }, true, false]);
  CASES.push([`${name}-${loosen}`, { [keyword]: tight }, { [keyword]: loose }, false, true]);
}

describe('schema change rules (FULL mode: both directions judged)', () => {
  it.each(CASES.map((c) => [`${c[0]}${c[5]?.label ? ` (${c[5].label})` : ''}${c[5]?.policy === 'lenient' ? ' [lenient]' : ''}`, c] as const))('%s', async (_name, [rule, oldSchema, newSchema, backward, forward, options]) => {
    const result = await diff(oldSchema, newSchema, { policy: options?.policy ?? 'strict' });
    const change = find(result, rule);
    expect(change, JSON.stringify(result.changes, null, 1)).toBeDefined();
    expect({ backward: change!.backward, forward: change!.forward }).toEqual({ backward, forward });
    if (options?.warn) expect(change!.severity).toBe('warn');
    else expect(change!.severity).toBe(backward || forward ? 'error' : 'info');
    expect(change!.message.length).toBeGreaterThan(10);
  });

  it('has a unit case for every schema-change rule in the catalogue', () => {
    const covered = new Set(CASES.map((c) => c[0]));
    // Judged by `schema check` (test/unit/schema/check.test.ts), not by the differ.
    const topicLevel = new Set(['topic-removed', 'topic-added', 'topic-schema-removed', 'major-version-bumped', 'change-waived', 'waiver-expired', 'waiver-unused', 'property-removed-before-sunset', 'property-removed-after-sunset', 'waiver-not-approved']);
    const missing = [...SCHEMA_RULES.keys()].filter((id) => !covered.has(id) && !topicLevel.has(id));
    expect(missing).toEqual([]);
  });

  it('every rule explains why and how to evolve safely, and has a known inverse', () => {
    for (const rule of SCHEMA_RULES.values()) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.why.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(SCHEMA_RULES.has(inverseRule(rule.id))).toBe(true);
    }
  });
});
