import { inject } from 'vitest';

/**
 * The moto server of the worker slot running this file. A slot runs one file at a time, so a file
 * has its server to itself while other files run beside it on theirs.
 */
export function workerMotoEndpoint(): string {
  const endpoints = inject('motoEndpoints');
  const slot = Number(process.env.VITEST_POOL_ID ?? '1');
  const endpoint = endpoints[slot - 1];
  if (!endpoint) throw new Error(`no moto server for worker slot ${slot} (the global setup started ${endpoints.length}): maxWorkers and test/support/moto-global-setup.ts disagree`);
  return endpoint;
}
