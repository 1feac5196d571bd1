import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'replay cancel',
  summary: 'cancel a running replay (by name or plan directory)',
  description: 'CancelReplay on a STARTING or RUNNING replay after a confirmation (or --yes). Events already replayed stay delivered.',
  arguments: [{ name: 'name-or-plan-dir', description: 'replay name (ectl-<planId>) or the plan directory', required: true }],
  options: [{ flags: '--yes', description: 'cancel without the confirmation prompt' }],
  aws: true,
  examples: ['eventctl replay cancel replays/inc-4821', 'eventctl replay cancel ectl-5b0e8c2a-3f1d-4c7e-9a41-2d6f0b7c9e13 --yes'],
  async run(ctx, args, options) {
    const { runReplayCancel } = await import('../src/live/replay-status.js');
    return runReplayCancel(ctx, args[0]!, options);
  },
});
