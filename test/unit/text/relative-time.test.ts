import { describe, expect, it } from 'vitest';
import { parseDuration, relativeWindow } from '../../../src/text/relative-time.js';

const now = new Date('2026-11-28T10:00:00.750Z');

describe('relative replay windows', () => {
  it('parses durations', () => {
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1d')).toBe(86400);
    expect(parseDuration('2 hours')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
  it('--since 2h --until 1h is the hour before last, in whole seconds', () => {
    expect(relativeWindow({ since: '2h', until: '1h' }, now)).toEqual({ from: '2026-11-28T08:00:00Z', to: '2026-11-28T09:00:00Z' });
  });
  it('--since alone ends now; absolute flags pass through', () => {
    expect(relativeWindow({ since: '90m' }, now)).toEqual({ from: '2026-11-28T08:30:00Z', to: '2026-11-28T10:00:00Z' });
    expect(relativeWindow({ from: 'a', to: 'b' }, now)).toEqual({ from: 'a', to: 'b' });
    expect(relativeWindow({ since: '2h', to: '2026-11-28T09:30:00Z' }, now)).toEqual({ from: '2026-11-28T08:00:00Z', to: '2026-11-28T09:30:00Z' });
  });
  it('refuses mixed or malformed bounds', () => {
    expect(() => relativeWindow({ since: '2h', from: '2026-11-28T08:00:00Z' }, now)).toThrow('not both');
    expect(() => relativeWindow({ until: '1h' }, now)).toThrow('--until needs --since');
    expect(() => relativeWindow({ since: 'yesterday' }, now)).toThrow("--since 'yesterday' is not a duration");
  });
});
