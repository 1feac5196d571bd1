import type { EventBridgeReplayPort, ReplayDescription } from '../aws/eventbridge-replay.js';
import type { CommandContext } from '../context.js';
import { AbortError, RemoteError } from '../errors.js';
import { toInstant } from '../approval/instant.js';
import { isFinalReplayState, progressBar, replayProgress } from '../ops/replay/progress.js';
import type { ReplayWindow } from '../ops/replay/window.js';
import { formatDuration } from '../text/format-duration.js';
import { onInterrupt } from '../io/interrupt.js';

/** Test hooks for the follow loop: clock-free sleeping, a fake Ctrl-C, a scripted answer. */
export interface FollowHooks {
  sleep?: (ms: number, wake: Promise<void>) => Promise<void>;
  /** Registers a Ctrl-C handler; returns the unregister function. Default: SIGINT, SIGTERM and SIGHUP. */
  onInterrupt?: (handler: () => void) => () => void;
  /** Asks whether to cancel (only called when a person can answer). */
  askCancel?: (question: string) => Promise<boolean>;
}

export interface FollowOptions {
  name: string;
  window: ReplayWindow;
  pollSeconds: number;
  /** --yes: Ctrl-C cancels the replay without asking. */
  yes: boolean;
}

function defaultOnInterrupt(handler: () => void): () => void {
  return onInterrupt(handler);
}

async function defaultAskCancel(question: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: question, default: true }, { output: process.stderr });
  } catch {
    return true; // a second Ctrl-C inside the prompt: cancel
  }
}

function defaultSleep(ms: number, wake: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void wake.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** One status line: `RUNNING [######......]  31% last event 08:27:00Z eta 4m`. */
export function statusLine(d: ReplayDescription, window: ReplayWindow, now: Date): string {
  const p = replayProgress(d, window, now);
  const last = d.eventLastReplayedTime ? ` last event ${toInstant(d.eventLastReplayedTime)}` : '';
  const eta = p.etaSeconds !== undefined ? ` eta ${formatDuration(p.etaSeconds)}` : '';
  return `${d.name} ${d.state.padEnd(10)} ${progressBar(p.fraction)}${last}${eta}`;
}

/**
 * Polls DescribeReplay until the replay is COMPLETED, CANCELLED or FAILED, drawing progress on
 * stderr (redrawn in place on a terminal, one line per change otherwise). Ctrl-C offers
 * CancelReplay (cancels without asking under --yes; without a terminal it stops following and
 * leaves the replay running). Resolves with the final description; a cancel ends in AbortError.
 */
export async function followReplay(ctx: CommandContext, port: EventBridgeReplayPort, options: FollowOptions, hooks: FollowHooks = {}): Promise<ReplayDescription> {
  const sleep = hooks.sleep ?? defaultSleep;
  const onInterrupt = hooks.onInterrupt ?? defaultOnInterrupt;
  const askCancel = hooks.askCancel ?? defaultAskCancel;
  const redraw = ctx.io.stderrIsTTY;
  let interrupted = false;
  let wake: () => void = () => {};
  let wakeUp = new Promise<void>((resolve) => (wake = resolve));
  const off = onInterrupt(() => {
    interrupted = true;
    wake();
  });
  let cancelled = false;
  let lastLine = '';
  const draw = (line: string) => {
    if (line === lastLine) return;
    lastLine = line;
    if (redraw) ctx.io.writeStderr(`\r\x1b[2K${line}`);
    else ctx.io.writeStderr(`${line}\n`);
  };
  try {
    for (;;) {
      const d = await port.describeReplay(options.name);
      if (!d) throw new RemoteError(`replay ${options.name} disappeared while it was being followed`);
      draw(statusLine(d, options.window, ctx.now()));
      if (isFinalReplayState(d.state)) {
        if (redraw) ctx.io.writeStderr('\n');
        if (cancelled || d.state === 'CANCELLED') throw new AbortError(`replay ${options.name} was cancelled`, { hint: 'events already replayed stay delivered' });
        return d;
      }
      if (interrupted && !cancelled) {
        interrupted = false;
        if (redraw) ctx.io.writeStderr('\n');
        let cancel: boolean;
        if (options.yes) cancel = true;
        else if (ctx.interactive) cancel = await askCancel(`Cancel replay ${options.name}? (events already replayed stay delivered)`);
        else {
          throw new AbortError(`stopped following ${options.name}; the replay keeps running`, {
            hint: `eventctl replay status ${options.name}   /   eventctl replay cancel ${options.name} --yes`,
          });
        }
        if (cancel) {
          const out = await port.cancelReplay(options.name);
          cancelled = true;
          ctx.info(`cancel requested: ${options.name} ${out.state ?? ''}`.trimEnd());
        }
        lastLine = '';
      }
      wakeUp = new Promise<void>((resolve) => (wake = resolve));
      if (interrupted) continue;
      await sleep(options.pollSeconds * 1000, wakeUp);
    }
  } finally {
    off();
  }
}
