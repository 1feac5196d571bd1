import { describe, it } from 'vitest';
import { crashTrials, faultRun, useRedriveHarness } from '../support/redrive-trials.js';
import { seededRandom } from '../support/seeded-random.js';

/**
 * The long version of test/e2e/redrive-crash.test.ts (same code): 10 crash trials of 1,000
 * messages, one or two SIGKILLs each, and a 1,000-message fault run. `npm run test:soak`.
 */
const MESSAGES = 1000;

const harness = useRedriveHarness();

describe(`dlq redrive soak (built CLI, ${MESSAGES} messages)`, () => {
  it('10 trials: killed at seeded random points of its journal, resumed: nothing lost, at most one batch duplicated per crash', async () => {
    await crashTrials(harness(), { trials: 10, messages: MESSAGES, random: seededRandom('redrive soak crash trials') });
  }, 1_800_000);

  it('a 10% fault-injection run of 1,000 messages through the proxy: nothing lost, nothing duplicated', async () => {
    await faultRun(harness(), { messages: MESSAGES, seed: 11 });
  }, 600_000);
});
