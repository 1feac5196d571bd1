import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer.js';

// Four layers: unit (pure, fast), integration (real AWS SDK against moto server, one per worker
// slot, started by a global setup), e2e (spawn the built bin/eventctl.js) and soak (the long trials, same code
// as their short versions in e2e). `npm test` builds and runs the first three, under 4 minutes on
// 2 cores; `npm run test:soak` runs soak. CI runs both.
//
// Every run gets a private TMPDIR and fails if a test leaves anything in it
// (test/support/temp-dir-guard.ts); every project removes the tempDir()s of a test file when the
// file ends (test/support/temp-dir-cleanup.ts); a library writing to the console fails the test
// (test/support/library-noise-guard.ts).
const cleanup = ['test/support/temp-dir-cleanup.ts', 'test/support/library-noise-guard.ts'];

export default defineConfig({
  test: {
    // Most of a test's time is spent waiting on moto or on a spawned CLI, not on this process, so
    // one worker per core leaves the cores idle: three workers on 2 cores measured 250 s against
    // 400 s for the default (cores - 1). EVENTCTL_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.EVENTCTL_TEST_WORKERS ?? 3),
    // Longest files first across all projects (vitest's default runs the projects in turn).
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/support/temp-dir-guard.ts', 'test/support/moto-python-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Pure tests share a worker's module cache: 40% less CPU than a fresh worker per file.
          isolate: false,
          setupFiles: cleanup,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Files share a worker's module cache (the AWS SDK loads once per worker, not per file):
          // 164 s to 122 s of CPU. No test here changes process.env or mocks a module.
          isolate: false,
          globalSetup: ['test/support/moto-global-setup.ts'],
          setupFiles: cleanup,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // As for integration: 214 s to 177 s of CPU.
          isolate: false,
          setupFiles: cleanup,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'soak',
          include: ['test/soak/**/*.test.ts'],
          environment: 'node',
          setupFiles: cleanup,
          testTimeout: 600_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
