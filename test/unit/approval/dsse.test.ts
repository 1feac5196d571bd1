import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Strict, pae, parseEnvelope } from '../../../src/approval/dsse.js';

describe('PAE', () => {
  it('matches the DSSE spec example', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('verifies the DSSE spec ECDSA test vector', () => {
    // Public point from the vector in secure-systems-lab/dsse protocol.md (decimal X and Y).
    const coordinate = (decimal: string) => Buffer.from(BigInt(decimal).toString(16).padStart(64, '0'), 'hex').toString('base64url');
    const key = createPublicKey({
      key: {
        kty: 'EC', crv: 'P-256',
        x: coordinate('46950820868899156662930047687818585632848591499744589407958293238635476079160'),
        y: coordinate('5640078356564379163099075877009565129882514886557779369047442380624545832820'),
      },
      format: 'jwk',
    });
    const sig = Buffer.from('A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==', 'base64');
    expect(verify('sha256', pae('http://example.com/HelloWorld', Buffer.from('hello world')), { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
  });
});

describe('decodeBase64Strict', () => {
  it('accepts standard and URL-safe base64', () => {
    expect(decodeBase64Strict('aGVsbG8=').toString()).toBe('hello');
    expect(decodeBase64Strict('aGVsbG8').toString()).toBe('hello');
    expect(decodeBase64Strict('-_8=')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict('-_8')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict('+/8=')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict('')).toEqual(Buffer.alloc(0));
  });

  it.each([
    ['junk characters (Buffer skips them)', 'aGVs bG8*'],
    ['a stray star', 'aGVsbG8*'],
    ['mixed alphabets', '+_8='],
    ['non-zero padding bits', 'aGVsbG9='],
    ['missing padding in the standard alphabet with + or /', '+/8'],
    ['too much padding', 'aGVsbG8=='],
    ['a newline', 'aGVs\nbG8='],
    ['impossible length', 'aGVsb'],
  ])('rejects %s', (_name, text) => {
    expect(() => decodeBase64Strict(text)).toThrow(/canonical base64/);
  });

  it('would decode some of these leniently with Buffer (why the check exists)', () => {
    expect(Buffer.from('aGVs bG8*', 'base64').toString()).toBe('hello');
    expect(Buffer.from('aGVsbG9=', 'base64').toString()).toBe('hello');
  });
});

describe('parseEnvelope', () => {
  const payload = Buffer.from('{}').toString('base64');
  const sig = Buffer.alloc(64, 1).toString('base64');

  it('reads a one-signature envelope', () => {
    const parsed = parseEnvelope(Buffer.from(JSON.stringify({ payloadType: 't', payload, signatures: [{ keyid: 'k', sig }] })));
    expect(parsed.payload.toString()).toBe('{}');
    expect(parsed.signature).toHaveLength(64);
  });

  it.each([
    ['two signatures', { payloadType: 't', payload, signatures: [{ sig }, { sig }] }, /exactly one signature/],
    ['no signature', { payloadType: 't', payload, signatures: [] }, /exactly one signature/],
    ['unknown field', { payloadType: 't', payload, signatures: [{ sig }], extra: 1 }, /unknown fields/],
    ['unknown signature field', { payloadType: 't', payload, signatures: [{ sig, alg: 'none' }] }, /unknown fields/],
    ['empty payloadType', { payloadType: '', payload, signatures: [{ sig }] }, /payloadType/],
  ])('rejects %s', (_name, value, error) => {
    expect(() => parseEnvelope(Buffer.from(JSON.stringify(value)))).toThrow(error);
  });

  it('rejects an oversized envelope before parsing', () => {
    expect(() => parseEnvelope(Buffer.alloc(70_000, 0x20))).toThrow(/larger than/);
  });
});
