import { afterEach, expect } from 'vitest';

/**
 * A setup file of every project: a library talking to the console (the AWS SDK's notices and
 * warnings, ajv's "unknown format ignored") is noise a user must never see, so in a test it is a
 * failure of the test that caused it, not a line lost in the log.
 */
const NOISE = /^@aws-sdk\/|^@smithy\/|AWS SDK for JavaScript|NodeVersion|unknown format ".*" ignored/;
// Once per worker: without isolation (the unit project) this file runs again for every test file.
const HEARD = Symbol.for('eventctl.test.libraryNoise');
const shared = globalThis as { [HEARD]?: string[] };
const heard = (shared[HEARD] ??= wrapConsole());

function wrapConsole(): string[] {
  const said: string[] = [];
  for (const level of ['warn', 'error', 'log', 'info'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const first = String(args[0] ?? '');
      if (NOISE.test(first)) said.push(`console.${level}: ${first.slice(0, 200)}`);
      original(...args);
    };
  }
  return said;
}

afterEach(() => {
  const said = heard.splice(0);
  expect(said, 'a library wrote to the console').toEqual([]);
});
