import { describe, expect, it } from 'vitest';
import { FAILED_ENTRY_RETRY, failedEntryDelay } from '../../../src/ops/redrive/failed-entry-retry.js';

describe('failed-entry retry (partial batch failures only)', () => {
  it('backs off exponentially with full jitter, never past its ceiling', () => {
    const top = (attempt: number) => failedEntryDelay(attempt, FAILED_ENTRY_RETRY, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1600, 2000]);
    expect(failedEntryDelay(3, FAILED_ENTRY_RETRY, () => 0)).toBe(0);
    expect(failedEntryDelay(30, FAILED_ENTRY_RETRY, () => 0.5)).toBe(1000);
  });
  it('is bounded: at most eight tries of an entry, under 10 s of waiting in all', () => {
    const worst = Array.from({ length: FAILED_ENTRY_RETRY.attempts - 1 }, (_, i) => failedEntryDelay(i + 1, FAILED_ENTRY_RETRY, () => 1)).reduce((a, b) => a + b, 0);
    expect(FAILED_ENTRY_RETRY.attempts).toBe(8);
    expect(worst).toBeLessThan(10_000);
  });
});
