import { randomInt } from 'node:crypto';

/**
 * A seeded pseudo-random source for tests (mulberry32). The seed comes from EVENTCTL_TEST_SEED; else,
 * in CI (CI set), from the test's label, so a CI run is reproducible and never fails on a new draw;
 * else it is drawn fresh, so local runs keep exploring. It is always printed, so any failing run can
 * be replayed exactly:
 *   EVENTCTL_TEST_SEED=<seed> npx vitest run <file>
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
}

/** mulberry32: a tiny seeded PRNG, good enough to spread faults and kill points reproducibly. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of the label: a fixed seed per test for CI. */
function labelSeed(label: string): number {
  let hash = 0x811c9dc5;
  for (const ch of label) hash = Math.imul(hash ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return hash >>> 1;
}

/** A generator for one test, its seed printed (EVENTCTL_TEST_SEED overrides it). */
export function seededRandom(label: string, env: NodeJS.ProcessEnv = process.env): SeededRandom {
  const fromEnv = env.EVENTCTL_TEST_SEED === undefined ? undefined : Number(env.EVENTCTL_TEST_SEED);
  const seed = fromEnv !== undefined && Number.isInteger(fromEnv) ? fromEnv >>> 0 : env.CI ? labelSeed(label) : randomInt(0, 2 ** 31);
  console.log(`[seed] ${label}: ${seed} (replay with EVENTCTL_TEST_SEED=${seed})`);
  const next = mulberry32(seed);
  return { seed, next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
