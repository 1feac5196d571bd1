import 'vitest';
import type { TestProject } from 'vitest/node';
import { startMotoServer, type MotoServer } from './moto-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

let server: MotoServer | undefined;

/** One moto server per test project run, on a free loopback port. */
export async function setup(project: TestProject): Promise<void> {
  server = await startMotoServer();
  project.provide('motoEndpoint', server.endpoint);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
