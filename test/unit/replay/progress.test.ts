import { describe, expect, it } from 'vitest';
import type { EventBridgeReplayPort, ReplayDescription } from '../../../src/aws/eventbridge-replay.js';
import { createContext } from '../../../src/context.js';
import { AbortError } from '../../../src/errors.js';
import type { Io } from '../../../src/io/terminal.js';
import { followReplay } from '../../../src/live/replay-follow.js';
import { progressBar, replayProgress } from '../../../src/ops/replay/progress.js';

const WINDOW = { start: '2026-11-28T08:00:00Z', end: '2026-11-28T10:00:00Z' };
const NOW = new Date('2026-11-29T10:00:00Z');

describe('replayProgress', () => {
  it('is the position of EventLastReplayedTime in the window', () => {
    expect(replayProgress({ state: 'RUNNING', eventLastReplayedTime: new Date('2026-11-28T08:30:00Z') }, WINDOW, NOW)).toMatchObject({ fraction: 0.25, done: false });
    expect(replayProgress({ state: 'STARTING' }, WINDOW, NOW)).toEqual({ state: 'STARTING', done: false });
    expect(replayProgress({ state: 'COMPLETED' }, WINDOW, NOW)).toEqual({ state: 'COMPLETED', fraction: 1, done: true });
    expect(replayProgress({ state: 'RUNNING', eventLastReplayedTime: new Date('2026-11-28T11:00:00Z') }, WINDOW, NOW).fraction).toBe(1);
  });
  it('estimates the time left from the pace so far', () => {
    const p = replayProgress({ state: 'RUNNING', eventLastReplayedTime: new Date('2026-11-28T08:30:00Z'), replayStartTime: new Date(NOW.getTime() - 60_000) }, WINDOW, NOW);
    expect(p.etaSeconds).toBe(180);
  });
  it('draws a fixed-width ASCII bar', () => {
    expect(progressBar(0.5, 10)).toBe('[#####.....]  50%');
    expect(progressBar(undefined, 4)).toBe('[....]   ?%');
  });
});

function fakePort(states: Array<Partial<ReplayDescription>>) {
  const calls: string[] = [];
  let i = 0;
  let cancelled = false;
  const port = {
    async describeReplay(name: string) {
      calls.push('DescribeReplay');
      const s = cancelled ? { state: 'CANCELLED' } : states[Math.min(i, states.length - 1)]!;
      i += 1;
      return { name, state: 'RUNNING', filterArns: [], ...s } as ReplayDescription;
    },
    async cancelReplay() {
      calls.push('CancelReplay');
      cancelled = true;
      return { state: 'CANCELLING' };
    },
  } as unknown as EventBridgeReplayPort;
  return { port, calls };
}

function ctxWith(interactive: boolean) {
  let err = '';
  const io: Io = { writeStdout: () => {}, writeStderr: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: interactive };
  const ctx = createContext({ global: { manifest: 'x', format: 'text', failOn: 'error', verbose: false }, io, env: {}, cwd: '/', now: () => NOW });
  // createContext decides interactivity from TTYs; force it for the prompt branch.
  return { ctx: { ...ctx, interactive }, stderr: () => err };
}

describe('followReplay', () => {
  const last = (iso: string) => ({ eventLastReplayedTime: new Date(iso) });

  it('polls until COMPLETED and prints one line per change without a terminal', async () => {
    const { port, calls } = fakePort([{ state: 'STARTING' }, last('2026-11-28T09:00:00Z'), last('2026-11-28T09:00:00Z'), { state: 'COMPLETED' }]);
    const { ctx, stderr } = ctxWith(false);
    const final = await followReplay(ctx, port, { name: 'ectl-x', window: WINDOW, pollSeconds: 1, yes: false }, { sleep: async () => {}, onInterrupt: () => () => {} });
    expect(final.state).toBe('COMPLETED');
    expect(calls).toEqual(['DescribeReplay', 'DescribeReplay', 'DescribeReplay', 'DescribeReplay']);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(3); // the repeated 50% line is not printed twice
    expect(lines[1]).toMatch(/RUNNING .*\[#{15}\.{15}\]  50% last event 2026-11-28T09:00:00Z/);
    expect(lines[2]).toMatch(/COMPLETED .* 100%/);
  });

  it('Ctrl-C with --yes cancels without asking and ends in AbortError (exit 130)', async () => {
    const { port, calls } = fakePort([{ state: 'RUNNING' }]);
    let fire: () => void = () => {};
    const { ctx } = ctxWith(false);
    const sleep = async () => fire();
    const result = followReplay(ctx, port, { name: 'ectl-x', window: WINDOW, pollSeconds: 1, yes: true }, { sleep, onInterrupt: (h) => ((fire = h), () => {}) });
    await expect(result).rejects.toBeInstanceOf(AbortError);
    expect(calls).toContain('CancelReplay');
  });

  it('Ctrl-C on a terminal asks; "no" keeps following', async () => {
    const { port, calls } = fakePort([{ state: 'RUNNING' }, { state: 'RUNNING' }, { state: 'COMPLETED' }]);
    let fire: () => void = () => {};
    let fired = false;
    const { ctx } = ctxWith(true);
    const asked: string[] = [];
    const final = await followReplay(ctx, port, { name: 'ectl-x', window: WINDOW, pollSeconds: 1, yes: false }, {
      sleep: async () => {
        if (!fired) {
          fired = true;
          fire();
        }
      },
      onInterrupt: (h) => ((fire = h), () => {}),
      askCancel: async (q) => (asked.push(q), false),
    });
    expect(asked).toEqual([expect.stringMatching(/Cancel replay ectl-x\?/)]);
    expect(calls).not.toContain('CancelReplay');
    expect(final.state).toBe('COMPLETED');
  });

  it('Ctrl-C without a terminal and without --yes stops following and leaves the replay running', async () => {
    const { port, calls } = fakePort([{ state: 'RUNNING' }]);
    let fire: () => void = () => {};
    const { ctx } = ctxWith(false);
    await expect(
      followReplay(ctx, port, { name: 'ectl-x', window: WINDOW, pollSeconds: 1, yes: false }, { sleep: async () => fire(), onInterrupt: (h) => ((fire = h), () => {}) }),
    ).rejects.toThrow(/keeps running/);
    expect(calls).not.toContain('CancelReplay');
  });

  it('unregisters its Ctrl-C handler when done', async () => {
    const { port } = fakePort([{ state: 'COMPLETED' }]);
    let registered = 0;
    const { ctx } = ctxWith(false);
    await followReplay(ctx, port, { name: 'ectl-x', window: WINDOW, pollSeconds: 1, yes: false }, { sleep: async () => {}, onInterrupt: () => ((registered += 1), () => void (registered -= 1)) });
    expect(registered).toBe(0);
  });
});
