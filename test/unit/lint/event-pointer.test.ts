import { describe, expect, it } from 'vitest';
import { lookupEventPointer } from '../../../src/lint/event-pointer.js';

const schema = {
  type: 'object',
  required: ['orderId', 'customer', 'lines'],
  properties: {
    orderId: { type: 'string' },
    note: { type: 'string' },
    customer: { $ref: '#/$defs/customer' },
    lines: { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
    payment: { oneOf: [
      { type: 'object', required: ['id'], properties: { id: { type: 'string' }, card: { type: 'string' } } },
      { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    ] },
    external: { $ref: 'common.json#/$defs/address' },
  },
  $defs: { customer: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, 'a/b': { type: 'string' } } } },
};

describe('lookupEventPointer', () => {
  it.each([
    ['/id', { kind: 'declared', required: true }],
    ['/detail-type', { kind: 'declared', required: true }],
    ['/detail', { kind: 'declared', required: true }],
    ['/detail/orderId', { kind: 'declared', required: true }],
    ['/detail/note', { kind: 'declared', required: false, optionalAt: '/detail/note' }],
    ['/detail/customer/id', { kind: 'declared', required: true }],
    ['/detail/customer/a~1b', { kind: 'declared', required: false, optionalAt: '/detail/customer/a~1b' }],
    ['/detail/lines/0/sku', { kind: 'declared', required: false, optionalAt: '/detail/lines/0' }],
    ['/detail/payment/id', { kind: 'declared', required: false, optionalAt: '/detail/payment' }],
    ['/detail/missing', { kind: 'missing', missingAt: '/detail/missing' }],
    ['/detail/customer/email', { kind: 'missing', missingAt: '/detail/customer/email' }],
    ['/orderId', { kind: 'missing', missingAt: '/orderId' }],
    ['/source/x', { kind: 'missing', missingAt: '/source' }],
    ['/detail/external/street', { kind: 'unknown' }],
  ])('%s', (pointer, verdict) => {
    expect(lookupEventPointer(schema, pointer)).toEqual(verdict);
  });

  it('survives a $ref cycle', () => {
    const cyclic = { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, properties: { x: { $ref: '#/$defs/a' } } };
    expect(lookupEventPointer(cyclic, '/detail/x/y')).toEqual({ kind: 'unknown' });
  });
});
