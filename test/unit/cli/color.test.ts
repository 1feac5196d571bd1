import { describe, expect, it } from 'vitest';
import { decideColorLevel } from '../../../src/io/color.js';

describe('colour decision', () => {
  it('follows TTY by default', () => {
    expect(decideColorLevel({ flag: undefined, env: {}, isTTY: true })).toBe(1);
    expect(decideColorLevel({ flag: undefined, env: {}, isTTY: false })).toBe(0);
  });
  it('honours NO_COLOR (non-empty), TERM=dumb and --no-color', () => {
    expect(decideColorLevel({ flag: undefined, env: { NO_COLOR: '1' }, isTTY: true })).toBe(0);
    expect(decideColorLevel({ flag: undefined, env: { NO_COLOR: '' }, isTTY: true })).toBe(1);
    expect(decideColorLevel({ flag: undefined, env: { TERM: 'dumb' }, isTTY: true })).toBe(0);
    expect(decideColorLevel({ flag: false, env: { FORCE_COLOR: '3' }, isTTY: true })).toBe(0);
  });
  it('lets FORCE_COLOR override NO_COLOR and non-TTY, with Node semantics', () => {
    expect(decideColorLevel({ flag: undefined, env: { FORCE_COLOR: '1', NO_COLOR: '1' }, isTTY: false })).toBe(1);
    expect(decideColorLevel({ flag: undefined, env: { FORCE_COLOR: '3' }, isTTY: false })).toBe(3);
    expect(decideColorLevel({ flag: undefined, env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(0);
    expect(decideColorLevel({ flag: true, env: {}, isTTY: false })).toBe(1);
  });
});
