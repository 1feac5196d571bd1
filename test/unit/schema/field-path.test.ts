import { describe, expect, it } from 'vitest';
import { consumerImpact } from '../../../src/schema/affected-consumers.js';
import { deprecationsAlong } from '../../../src/schema/deprecation.js';
import { fieldOfSchemaPath, formatField, readTouches } from '../../../src/schema/field-path.js';

describe('fieldOfSchemaPath: schema pointer → event field', () => {
  it.each([
    ['', '/detail'],
    ['/type', '/detail'],
    ['/properties/a', '/detail/a'],
    ['/properties/a/properties/b/maxLength', '/detail/a/b'],
    ['/required/b', '/detail/b'],
    ['/properties/items/items/properties/sku/type', '/detail/items/*/sku'],
    ['/properties/pair/items/1/type', '/detail/pair/1'],
    ['/properties/pair/prefixItems/0', '/detail/pair/0'],
    ['/additionalProperties', '/detail/*'],
    ['/patternProperties/^x-/type', '/detail/*'],
    ['/anyOf/1/properties/a/type', '/detail/a'],
    ['/properties/a/not/const', '/detail/a'],
    ['/$defs/money/type', '/detail'],
    ['/properties/a~1b/type', '/detail/a~1b'],
  ])('%s → %s', (path, field) => {
    expect(formatField(fieldOfSchemaPath(path))).toBe(field);
  });

  it('a read touches a field when one is a prefix of the other; * matches any segment', () => {
    expect(readTouches('/detail/a', ['detail', 'a', 'b'])).toBe(true);
    expect(readTouches('/detail/a/b', ['detail', 'a'])).toBe(true);
    expect(readTouches('/detail/a/c', ['detail', 'a', 'b'])).toBe(false);
    expect(readTouches('/detail/items/3/sku', ['detail', 'items', '*', 'sku'])).toBe(true);
    expect(readTouches('/id', ['detail', 'a'])).toBe(false);
  });

  it('consumers without reads are affected by every change; unsubscribed ones never', () => {
    const manifest = {
      consumers: [
        { name: 'a', class: 'operational' as const, owner: 'x', subscribes: ['t'], reads: { t: ['/detail/id'] } },
        { name: 'b', class: 'projection' as const, subscribes: ['t'] },
        { name: 'c', class: 'projection' as const, subscribes: ['u'] },
      ],
    };
    expect(consumerImpact(manifest, 't', ['detail', 'note'])).toEqual({ affected: [{ name: 'b', class: 'projection', owner: undefined }], unaffected: ['a'] });
    expect(consumerImpact(manifest, 't', ['detail', 'id']).affected.map((c) => c.name)).toEqual(['a', 'b']);
  });
});

describe('deprecationsAlong', () => {
  it('finds deprecated fields on the way, through $ref and allOf', () => {
    const schema = {
      type: 'object',
      $defs: { customer: { type: 'object', properties: { email: { type: 'string', deprecated: true, 'x-sunset': '2026-09-01' } } } },
      allOf: [{ properties: { customer: { $ref: '#/$defs/customer' } } }],
      properties: { old: { deprecated: true } },
    };
    expect(deprecationsAlong(schema, '/detail/customer/email')).toEqual([{ at: '/detail/customer/email', deprecation: expect.objectContaining({ deprecated: true, sunset: '2026-09-01' }) }]);
    expect(deprecationsAlong(schema, '/detail/old')[0]!.deprecation.sunset).toBeUndefined();
    expect(deprecationsAlong(schema, '/detail/customer')).toEqual([]);
  });
});
