import type { CommandContext } from '../context.js';
import { ExitCode, RemoteError, UsageError } from '../errors.js';
import { confirmAction } from '../io/prompts.js';
import { announceWhere, openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { openReplayPorts } from './replay-aws.js';
import { resolveReplayRef } from './replay-name.js';
import { renderReplay, replayView } from './replay-render.js';
import { requireTextOrJson } from '../report/format-name.js';

function checkFormat(ctx: CommandContext, command: string): void {
  requireTextOrJson(ctx.global.format, command);
}

/** `eventctl replay status <name|plan-dir>`: DescribeReplay, with progress through the window. */
export async function runReplayStatus(ctx: CommandContext, arg: string, hooks: LiveAwsOptions = {}): Promise<number> {
  checkFormat(ctx, 'replay status');
  const ref = await resolveReplayRef(ctx, arg);
  const manifest = await ctx.loadManifest().then((m) => m.manifest, () => undefined);
  const aws = await openLiveAws(ctx, manifest, hooks);
  try {
    // Where it looked comes first: a wrong region or profile reads as "no replay named …".
    const where = await announceWhere(ctx, aws);
    const { replay } = await openReplayPorts(aws);
    const d = await replay.describeReplay(ref.name);
    if (!d && ref.plan) {
      // A plan that was never run is a state, not an AWS failure.
      const message = `replay ${ref.name} has not run: its plan was never started (eventctl replay run ${arg})`;
      ctx.emit(ctx.global.format === 'json' ? JSON.stringify({ schemaVersion: 1, name: ref.name, state: 'NOT_RUN', message, aws: where }, null, 2) : message);
      return ExitCode.ok;
    }
    if (!d) {
      throw new RemoteError(`no replay named ${ref.name}${aws.region ? ` in ${aws.region}` : ''}`, {
        hint: ref.plan ? `the plan has not been run: eventctl replay run ${arg}` : 'check the name, --region and --profile',
      });
    }
    const view = replayView(ref.plan, d, ctx.now());
    ctx.emit(ctx.global.format === 'json' ? JSON.stringify({ ...view, aws: where }, null, 2) : renderReplay(view, ctx.color, 'status'));
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}

/** `eventctl replay cancel <name|plan-dir>`: CancelReplay on a STARTING or RUNNING replay, after a confirmation. */
export async function runReplayCancel(ctx: CommandContext, arg: string, options: { yes?: boolean }, hooks: LiveAwsOptions = {}): Promise<number> {
  checkFormat(ctx, 'replay cancel');
  const ref = await resolveReplayRef(ctx, arg);
  const manifest = await ctx.loadManifest().then((m) => m.manifest, () => undefined);
  const aws = await openLiveAws(ctx, manifest, hooks);
  try {
    const where = await announceWhere(ctx, aws);
    const { replay } = await openReplayPorts(aws);
    const d = await replay.describeReplay(ref.name);
    if (!d && ref.plan) throw new UsageError(`replay ${ref.name} never ran: nothing to cancel`, { hint: `its plan was never started; eventctl replay status ${arg}` });
    if (!d) throw new RemoteError(`no replay named ${ref.name}${aws.region ? ` in ${aws.region}` : ''}`, { hint: 'check the name, --region and --profile' });
    if (d.state !== 'STARTING' && d.state !== 'RUNNING') {
      throw new UsageError(`replay ${ref.name} is ${d.state}; only a STARTING or RUNNING replay can be cancelled`);
    }
    await confirmAction(ctx, `Cancel replay ${ref.name} (${d.state})? Events already replayed stay delivered.`, { yes: options.yes });
    const out = await replay.cancelReplay(ref.name);
    const after = (await replay.describeReplay(ref.name)) ?? d;
    const view = replayView(ref.plan, { ...after, ...(out.state && after === d ? { state: out.state } : {}) }, ctx.now());
    ctx.emit(ctx.global.format === 'json' ? JSON.stringify({ ...view, aws: where }, null, 2) : renderReplay(view, ctx.color, 'cancel requested'));
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}
