import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../support/aws-test-clients.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { freshSandbox } from '../support/live-scenario.js';
import { replayPlatform, type ReplayPlatform } from '../support/replay-platform.js';
import { runCli, type CliResult } from '../support/run-cli.js';

/**
 * One fail-fast path: with the endpoint down, `dlq inspect`, `dlq redrive`, `lag` and `replay run`
 * fail alike (one `eventctl:` line naming the endpoint, exit 4), and a redrive makes no more HTTP
 * attempts than `dlq inspect`: whole calls are retried by the SDK alone, under the retry profile
 * of src/aws/clients.ts, never again by a loop of eventctl's own (which once made a redrive take
 * 7 s where `dlq inspect` took 1 s). Attempts are counted, not timed.
 */
const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000);
const start = new Date(end.getTime() - 60 * 60_000);
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

let moto: MotoServer;
let platform: ReplayPlatform;
let planDir: string;
/** Counts every request and answers none (drops the connection): an endpoint that is down. */
let dead: FaultProxy;

/** The CLI as a user runs it: eventctl's own retry policy, not the tests' AWS_MAX_ATTEMPTS=1. */
const cli = (args: string[], endpoint: string) =>
  runCli([...args, '-m', platform.manifest], { cwd: platform.dir, env: { ...motoEnv(endpoint), AWS_MAX_ATTEMPTS: '', CI: '1' } });

function expectOneRemoteLine(result: CliResult, endpoint: string): void {
  const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('eventctl:'));
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^eventctl: cannot reach ${endpoint.replace(/[.:/]/g, '\\$&')} for \\w+`));
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code, result.stderr).toBe(4);
}

/** HTTP attempts the dead endpoint saw while `args` ran, by operation. */
async function attemptsOf(args: string[]): Promise<{ total: number; byOperation: Record<string, number> }> {
  const before = dead.operations.length;
  expectOneRemoteLine(await cli(args, dead.endpoint), dead.endpoint);
  const seen = dead.operations.slice(before);
  const byOperation: Record<string, number> = {};
  for (const op of seen) byOperation[op] = (byOperation[op] ?? 0) + 1;
  return { total: seen.length, byOperation };
}

const COMMANDS: Record<string, () => string[]> = {
  'dlq inspect': () => ['dlq', 'inspect', 'orders-read-model'],
  'dlq redrive': () => ['dlq', 'redrive', 'orders-read-model', '--yes'],
  lag: () => ['lag', 'orders-read-model'],
  'replay run': () => ['replay', 'run', planDir, '--yes'],
};

beforeAll(async () => {
  moto = await startMotoServer();
  // A real, runnable replay plan (projection only: no approvals needed) made while AWS answered.
  platform = replayPlatform();
  await freshSandbox(moto.endpoint, platform.manifest);
  planDir = join(platform.dir, 'replays', 'fail-fast');
  const plan = await runCli(['replay', 'plan', 'orders-read-model', '--from', iso(start), '--to', iso(end), '--out', planDir, '--requester', 'carol', '--reason', 'INC-9: fail fast', '-m', platform.manifest], { cwd: platform.dir, env: motoEnv(moto.endpoint) });
  expect(plan.code, plan.stderr).toBe(0);
  dead = await startFaultProxy({ target: moto.endpoint, rates: { drop: 1 } });
}, 120_000);

afterAll(async () => {
  await dead?.close();
  await moto?.stop();
});

describe('with the endpoint down, every live command fails the same way', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(`${name}: one line naming the endpoint, exit 4 (nothing listens on 127.0.0.1:1)`, async () => {
      expectOneRemoteLine(await cli(args(), 'http://127.0.0.1:1'), 'http://127.0.0.1:1');
    }, 60_000);
  }

  it('a redrive makes no more HTTP attempts than dlq inspect: the SDK retries each call, nothing retries it again', async () => {
    const inspect = await attemptsOf(COMMANDS['dlq inspect']!());
    const redrive = await attemptsOf(COMMANDS['dlq redrive']!());
    const replay = await attemptsOf(COMMANDS['replay run']!());
    console.log(JSON.stringify({ deadEndpointAttempts: { 'dlq inspect': inspect, 'dlq redrive': redrive, 'replay run': replay } }));
    // The on-call profile: 5 attempts of the first call, then the command stops.
    expect(inspect.byOperation).toEqual({ GetQueueUrl: 5 });
    expect(redrive.total).toBeLessThanOrEqual(inspect.total);
    expect(redrive.byOperation).toEqual({ GetQueueUrl: 5 });
    // replay run asks who the credentials belong to (STS) beside its first call, in parallel:
    // two calls, each with the same attempts, none retried on top of the SDK.
    for (const count of Object.values(replay.byOperation)) expect(count).toBeLessThanOrEqual(inspect.byOperation.GetQueueUrl!);
  }, 60_000);
});
