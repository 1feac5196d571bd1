import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../support/worker-moto.js';
import { runReplayPlan } from '../../src/live/replay-plan-run.js';
import { runReplayCancel, runReplayStatus } from '../../src/live/replay-status.js';
import { liveContext } from '../support/live-context.js';
import { freshSandbox } from '../support/live-scenario.js';
import { replayPlatform, type ReplayPlatform } from '../support/replay-platform.js';

const endpoint = workerMotoEndpoint();

describe('replay status / cancel on a plan that never ran (moto)', () => {
  let platform: ReplayPlatform;
  let dir: string;
  beforeAll(async () => {
    platform = replayPlatform();
    await freshSandbox(endpoint, platform.manifest);
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000);
    const start = new Date(end.getTime() - 60 * 60_000);
    dir = join(platform.dir, 'replays', 'never-run');
    const plan = liveContext({ manifest: platform.manifest, endpoint, format: 'json' });
    const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
    expect(await runReplayPlan(plan.ctx, ['orders-read-model'], { from: iso(start), to: iso(end), out: dir, requester: 'carol', reason: 'INC-2: test' }, { maxAttempts: 1 })).toBe(0);
  });
  afterAll(() => rmSync(platform.dir, { recursive: true, force: true }));

  it('status says the plan never ran (exit 0), not "AWS unreachable" (exit 4)', async () => {
    const json = liveContext({ manifest: platform.manifest, endpoint, format: 'json' });
    expect(await runReplayStatus(json.ctx, dir, { maxAttempts: 1 })).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({ schemaVersion: 1, state: 'NOT_RUN' });
    const text = liveContext({ manifest: platform.manifest, endpoint });
    expect(await runReplayStatus(text.ctx, dir, { maxAttempts: 1 })).toBe(0);
    expect(text.stdout()).toMatch(/^replay ectl-\S+ has not run: its plan was never started \(eventctl replay run /);
  });

  it('cancel says there is nothing to cancel (exit 2)', async () => {
    const run = liveContext({ manifest: platform.manifest, endpoint });
    await expect(runReplayCancel(run.ctx, dir, { yes: true }, { maxAttempts: 1 })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/never ran: nothing to cancel$/) as unknown as string });
  });
});
