import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'replay status',
  summary: "a replay's state and progress through its window (by name or plan directory)",
  description: 'DescribeReplay: state, the archive, bus and FilterArns AWS echoes, the window, and progress (EventLastReplayedTime within the window).',
  arguments: [{ name: 'name-or-plan-dir', description: 'replay name (ectl-<planId>) or the plan directory', required: true }],
  aws: true,
  examples: ['eventctl replay status replays/inc-4821', 'eventctl replay status ectl-5b0e8c2a-3f1d-4c7e-9a41-2d6f0b7c9e13 --format json'],
  async run(ctx, args) {
    const { runReplayStatus } = await import('../src/live/replay-status.js');
    return runReplayStatus(ctx, args[0]!);
  },
});
