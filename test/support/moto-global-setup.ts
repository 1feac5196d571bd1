import 'vitest';
import type { TestProject } from 'vitest/node';
import { startMotoServer, type MotoServer } from './moto-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoints: string[];
  }
}

let servers: MotoServer[] = [];

/**
 * One moto server per worker slot, on free loopback ports. Integration files create resources
 * with the same names and some reset moto, so two files must never share a server; with a server
 * per slot (VITEST_POOL_ID) they still run side by side. See test/support/worker-moto.ts.
 */
export async function setup(project: TestProject): Promise<void> {
  const slots = Math.max(1, project.config.maxWorkers ?? project.vitest.config.maxWorkers ?? 1);
  servers = await Promise.all(Array.from({ length: slots }, () => startMotoServer()));
  project.provide('motoEndpoints', servers.map((server) => server.endpoint));
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((server) => server.stop()));
}
