import { describe, expect, it } from 'vitest';
import { bundleFromValue } from '../../../src/schema/bundle.js';
import { diffSchemas } from '../../../src/schema/modes.js';
import type { SchemaChange } from '../../../src/schema/model.js';
// @ts-expect-error plain-JS generator shared with bench/schema.mjs
import { schemaPairs } from '../../../bench/schema-pairs.mjs';

type Pair = { oldSchema: unknown; newSchema: unknown };
type JsdResult = { additionsFound: boolean; removalsFound: boolean };

/**
 * Differential test against json-schema-diff (set-based, sound on its keyword subset): on generated
 * pairs inside that subset, `removalsFound` must equal eventctl's BACKWARD verdict and
 * `additionsFound` its FORWARD verdict (STRICT), unless a listed, explained divergence applies.
 */
const EXPLAINED: Array<{ why: string; applies(changes: SchemaChange[], direction: 'backward' | 'forward', eventctlBreaks: boolean): boolean }> = [
  {
    // Confluent pairs anyOf branches one to one; anyOf[A, null] → A is a narrowing both tools see, but
    // anyOf[A, B] where a branch moved into another is judged per branch by eventctl.
    why: 'combinator branches are paired one to one (Confluent semantics), which is stricter than set containment',
    applies: (changes, direction, breaks) => breaks && changes.some((c) => c[direction] && /^(union-branch|combinator|allof-branch)/.test(c.rule)),
  },
  {
    // maxProperties: 7 on a closed object with 6 declared properties can never reject anything;
    // json-schema-diff proves that, eventctl (like Confluent) compares the keyword by itself.
    why: 'bounds are compared keyword by keyword; a bound that is vacuous for the rest of the schema is not proven harmless',
    applies: (changes, direction, breaks) => breaks && changes.filter((c) => c[direction]).every((c) => /^(max|min)-properties-/.test(c.rule)),
  },
];

describe('second opinion: json-schema-diff on its supported keyword subset', () => {
  it('agrees on every generated pair or the disagreement is explained', async () => {
    const { default: jsd } = (await import('json-schema-diff')) as unknown as { default: { diffSchemas(o: object): Promise<JsdResult> } };
    const pairs = schemaPairs(150, 1234) as Pair[];
    const unexplained: string[] = [];
    let explained = 0;
    for (const [index, pair] of pairs.entries()) {
      const result = diffSchemas(await bundleFromValue(pair.oldSchema), await bundleFromValue(pair.newSchema), { mode: 'FULL', policy: 'strict' });
      const theirs = await jsd.diffSchemas({ sourceSchema: pair.oldSchema as object, destinationSchema: pair.newSchema as object });
      for (const direction of ['backward', 'forward'] as const) {
        const ours = result.changes.some((c) => c[direction]);
        const them = direction === 'backward' ? theirs.removalsFound : theirs.additionsFound;
        if (ours === them) continue;
        if (EXPLAINED.some((e) => e.applies(result.changes, direction, ours))) {
          explained += 1;
          continue;
        }
        unexplained.push(`pair ${index} ${direction}: eventctl ${ours ? 'breaks' : 'ok'}, json-schema-diff ${them ? 'breaks' : 'ok'}\n  old ${JSON.stringify(pair.oldSchema)}\n  new ${JSON.stringify(pair.newSchema)}\n  eventctl: ${result.changes.filter((c) => c[direction]).map((c) => `${c.rule} ${c.path}`).join(', ')}`);
      }
    }
    expect(unexplained, unexplained.join('\n')).toEqual([]);
    expect(explained).toBeLessThan(pairs.length / 4);
  }, 120_000);
});
