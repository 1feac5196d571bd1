import { describe, it } from 'vitest';
import { runBadInputFuzz } from '../support/bad-input-fuzz.js';
import { seededRandom } from '../support/seeded-random.js';

/** The long version of test/e2e/fuzz-bad-input.test.ts (same code): 1,500 cases. `npm run test:soak`. */
const CASES = 1500;

describe('fuzz soak: generated bad manifests and schemas', () => {
  it(`${CASES} cases: exit 0, 1 or 2, never 5, never a stack trace`, async () => {
    await runBadInputFuzz(CASES, seededRandom('bad-input fuzz soak'));
  }, 1_800_000);
});
