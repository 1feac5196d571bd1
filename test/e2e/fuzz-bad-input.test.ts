import { describe, it } from 'vitest';
import { runBadInputFuzz } from '../support/bad-input-fuzz.js';
import { seededRandom } from '../support/seeded-random.js';

// The short run of the bad-input fuzz (test/support/bad-input-fuzz.ts); the long one is
// test/soak/fuzz-bad-input.soak.test.ts. The seed is printed; replay with EVENTCTL_TEST_SEED.
const CASES = 60;

describe('fuzz: generated bad manifests and schemas', () => {
  it(`${CASES} cases to validate, lint and schema diff: exit 0, 1 or 2, never 5, never a stack trace`, async () => {
    await runBadInputFuzz(CASES, seededRandom('bad-input fuzz'));
  }, 120_000);
});
