import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaRegexes } from '../../../src/schema/schema-regexes.js';
import { ajvRegExpEngine, compileUserRegex, toRe2Syntax, UnsupportedRegexError } from '../../../src/schema/user-regex.js';

describe('schema patterns on the linear-time engine', () => {
  it('matches as JSON Schema says (unanchored, Unicode), and ^(a+)+$ on a near-match returns', () => {
    expect(compileUserRegex('^[A-Z]{3}$').test('EUR')).toBe(true);
    expect(compileUserRegex('^[A-Z]{3}$').test('EURO')).toBe(false);
    expect(compileUserRegex('b+').test('abbbc')).toBe(true);
    expect(compileUserRegex('^\\p{L}+$').test('été')).toBe(true);
    expect(compileUserRegex('^(a+)+$').test(`${'a'.repeat(5000)}!`)).toBe(false);
  });

  it('translates ECMAScript \\u escapes (and surrogate pairs) to RE2 syntax', () => {
    expect(toRe2Syntax('^\\u00e9$')).toBe('^\\x{00e9}$');
    expect(toRe2Syntax('\\uD83D\\uDE00')).toBe('\\x{1f600}');
    expect(toRe2Syntax('\\u{1F600}')).toBe('\\x{1F600}');
    expect(toRe2Syntax('\\\\u00e9')).toBe('\\\\u00e9');
    expect(compileUserRegex('^\\u00e9$').test('é')).toBe(true);
    expect(compileUserRegex('^\\uD83D\\uDE00$').test('😀')).toBe(true);
  });

  it('refuses lookaround, backreferences and syntax errors with a reason', () => {
    for (const pattern of ['(?=a)', '(?<!a)b', '(a)\\1', '[', 'a{2,1}']) {
      expect(() => compileUserRegex(pattern), pattern).toThrow(UnsupportedRegexError);
    }
    expect(() => compileUserRegex('(?=a)')).toThrow(/no lookaround, no backreferences/);
  });

  it('works as ajv code.regExp with several patterns in one schema (each keeps its own)', () => {
    const require = createRequire(import.meta.url);
    const AjvClass = (require('ajv') as { default: new (o: object) => Ajv }).default;
    const ajv = new AjvClass({ strict: false, allErrors: true, code: { regExp: ajvRegExpEngine } });
    const validate = ajv.compile({
      type: 'object',
      properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' }, trace: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{4}$' } },
      patternProperties: { '^x-': { type: 'integer' } },
    });
    expect(validate({ code: 'EUR', trace: '00-0af7', 'x-n': 1 })).toBe(true);
    expect(validate({ code: 'eur', trace: '00-0af7' })).toBe(false);
    expect(validate({ code: 'EUR', 'x-n': 'one' })).toBe(false);
  });

  it('finds every pattern of a schema document, with its pointer', () => {
    const found = schemaRegexes({
      properties: { pattern: { type: 'string', pattern: 'a' }, list: { items: { pattern: 'b' } } },
      patternProperties: { '^c/d': {} },
      $defs: { e: { anyOf: [{ pattern: 'e' }] } },
    });
    expect(found.map((r) => `${r.pointer} ${r.source}`).sort()).toEqual([
      '/$defs/e/anyOf/0/pattern e',
      '/patternProperties/^c~1d ^c/d',
      '/properties/list/items/pattern b',
      '/properties/pattern/pattern a',
    ]);
  });
});
