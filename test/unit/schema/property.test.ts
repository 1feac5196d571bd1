import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { bundleFromValue } from '../../../src/schema/bundle.js';
import { diffSchemas } from '../../../src/schema/modes.js';
import { genInstance, genSchema, mutate, Prng } from './schema-gen.js';

/**
 * Property: whenever the engine says BACKWARD compatible (STRICT), every instance valid under the
 * old schema is valid under the new one (ajv decides); whenever it says FORWARD compatible, every
 * instance valid under the new schema is valid under the old one. A fixed budget of pairs and
 * instances; the seed is printed and can be replayed with EVENTCTL_PROPERTY_SEED.
 */
const SEED = Number(process.env.EVENTCTL_PROPERTY_SEED ?? 20261130);
const PAIRS = 300;
const INSTANCES = 30;

describe('property: compatible verdicts hold for instances (ajv)', () => {
  it(`holds on ${PAIRS} generated pairs (seed ${SEED})`, async () => {
    console.log(`schema property test: seed ${SEED} (replay with EVENTCTL_PROPERTY_SEED=${SEED})`);
    const rng = new Prng(SEED);
    const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
    let judgedCompatible = 0;
    let checkedInstances = 0;
    for (let i = 0; i < PAIRS; i += 1) {
      const oldSchema = genSchema(rng);
      const newSchema = rng.chance(0.15) ? structuredClone(oldSchema) : mutate(rng, oldSchema);
      const result = diffSchemas(await bundleFromValue(oldSchema, 'old.json'), await bundleFromValue(newSchema, 'new.json'), { mode: 'FULL', policy: 'strict' });
      const backwardOk = !result.changes.some((c) => c.backward);
      const forwardOk = !result.changes.some((c) => c.forward);
      if (!backwardOk && !forwardOk) continue;
      judgedCompatible += 1;
      const validOld = ajv.compile(oldSchema as object | boolean);
      const validNew = ajv.compile(newSchema as object | boolean);
      for (let n = 0; n < INSTANCES; n += 1) {
        const instance = genInstance(rng, n % 2 === 0 ? oldSchema : newSchema);
        const inOld = validOld(instance);
        const inNew = validNew(instance);
        checkedInstances += 1;
        const failure = (backwardOk && inOld && !inNew ? 'BACKWARD' : '') || (forwardOk && inNew && !inOld ? 'FORWARD' : '');
        if (failure) {
          const changes = result.changes.map((c) => `${c.rule} ${c.path || '/'} (b=${c.backward}, f=${c.forward})`).join('; ') || 'none';
          expect.fail(
            `seed ${SEED}, pair ${i}: engine says ${failure} compatible, but an instance ${failure === 'BACKWARD' ? 'valid under old is invalid under new' : 'valid under new is invalid under old'}\n` +
              `  old:      ${JSON.stringify(oldSchema)}\n  new:      ${JSON.stringify(newSchema)}\n  instance: ${JSON.stringify(instance)}\n  changes:  ${changes}`,
          );
        }
      }
    }
    // The budget must exercise the property: enough compatible verdicts and instances.
    expect(judgedCompatible).toBeGreaterThan(PAIRS / 4);
    expect(checkedInstances).toBeGreaterThan(judgedCompatible * INSTANCES - 1);
  }, 60_000);
});
