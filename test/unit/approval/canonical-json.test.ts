import { describe, expect, it } from 'vitest';
import { canonicalize, compareUtf16, parseCanonical } from '../../../src/approval/canonical-json.js';

describe('canonicalize (RFC 8785)', () => {
  it('matches the RFC 8785 §3.2.2 sample', () => {
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 vector)', () => {
    const input = JSON.parse('{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}') as Record<string, string>;
    const values = Object.values(JSON.parse(canonicalize(input)) as Record<string, string>);
    // Integer-like keys are hoisted by JS object order, so check the serialized order directly.
    const order = [...canonicalize(input).matchAll(/"([^"]+)":"([^"]+)"/g)].map((m) => m[2]);
    expect(order).toEqual(['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh']);
    expect(values).toHaveLength(7);
  });

  it('orders a surrogate pair before U+FB33 (code units, not code points)', () => {
    expect(compareUtf16('\ud83d\ude00', '\ufb33')).toBeLessThan(0);
    expect('\u{1F600}'.codePointAt(0)! > 0xfb33).toBe(true);
  });

  it.each([
    [0, '0'], [-0, '0'], [1, '1'], [-1.5, '-1.5'], [1e21, '1e+21'], [1e20, '100000000000000000000'],
    [1e-7, '1e-7'], [0.000001, '0.000001'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'], [295147905179352830000, '295147905179352830000'], [123e-20, '1.23e-18'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('formats the number %s as %s', (value, text) => {
    expect(canonicalize(value)).toBe(text);
  });

  it('rejects values that are not I-JSON', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(/finite/);
    expect(() => canonicalize(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => canonicalize({ a: '\ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalize([undefined])).toThrow(/undefined/);
    expect(() => canonicalize(new Date(0))).toThrow(/plain objects/);
    expect(() => canonicalize(10n)).toThrow(/bigint/);
  });

  it('escapes control characters and nothing else', () => {
    expect(canonicalize('\u0000\u001f\u007f\u2028é"\\')).toBe('"\\u0000\\u001f\u007f\u2028é\\"\\\\"');
    expect(canonicalize({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it('skips undefined properties like JSON.stringify', () => {
    expect(canonicalize({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('parseCanonical', () => {
  it('accepts canonical bytes', () => {
    expect(parseCanonical(Buffer.from('{"a":[1,"x"],"b":true}'))).toEqual({ a: [1, 'x'], b: true });
  });

  it.each([
    ['whitespace', '{"a": 1}'],
    ['key order', '{"b":1,"a":2}'],
    ['duplicate key', '{"a":1,"a":1}'],
    ['number spelling', '{"a":1.0}'],
    ['exponent spelling', '{"a":1E3}'],
    ['escape spelling', '{"a":"\\u0041"}'],
    ['trailing newline', '{"a":1}\n'],
    ['byte order mark', '\ufeff{"a":1}'],
  ])('rejects non-canonical input: %s', (_name, text) => {
    expect(() => parseCanonical(Buffer.from(text))).toThrow(/canonical|JSON/);
  });

  it('rejects invalid UTF-8', () => {
    expect(() => parseCanonical(Buffer.from([0x22, 0xff, 0x22]))).toThrow(/UTF-8/);
  });
});
