import { instantMs } from '../../approval/instant.js';
import type { ReplayWindow } from './window.js';

/**
 * How far a replay is, from DescribeReplay: EventLastReplayedTime is "the time within the range
 * associated with the last event replayed", so progress is its position in the window. Pure.
 */
export interface ReplayProgressInput {
  state: string;
  eventLastReplayedTime?: Date;
  replayStartTime?: Date;
}

export interface ReplayProgress {
  state: string;
  /** 0..1; undefined while nothing has been replayed yet. */
  fraction?: number;
  done: boolean;
  /** Seconds left at the pace so far, when it can be told. */
  etaSeconds?: number;
}

const FINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

export function isFinalReplayState(state: string): boolean {
  return FINAL.has(state);
}

export function replayProgress(input: ReplayProgressInput, window: ReplayWindow, now: Date): ReplayProgress {
  const done = isFinalReplayState(input.state);
  if (input.state === 'COMPLETED') return { state: input.state, fraction: 1, done };
  const start = instantMs(window.start);
  const span = instantMs(window.end) - start;
  let fraction: number | undefined;
  if (input.eventLastReplayedTime) {
    fraction = Math.min(1, Math.max(0, (input.eventLastReplayedTime.getTime() - start) / span));
  }
  let etaSeconds: number | undefined;
  if (!done && fraction !== undefined && fraction > 0 && fraction < 1 && input.replayStartTime) {
    const elapsed = (now.getTime() - input.replayStartTime.getTime()) / 1000;
    if (elapsed > 0) etaSeconds = Math.round((elapsed * (1 - fraction)) / fraction);
  }
  return { state: input.state, ...(fraction === undefined ? {} : { fraction }), done, ...(etaSeconds === undefined ? {} : { etaSeconds }) };
}

/** `[#########...........]  45%`: fixed width, ASCII so it survives any terminal and log. */
export function progressBar(fraction: number | undefined, width = 30): string {
  const f = fraction ?? 0;
  const filled = Math.round(f * width);
  const percent = fraction === undefined ? '  ?%' : `${String(Math.floor(f * 100)).padStart(3)}%`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}`;
}
