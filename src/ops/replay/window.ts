import { UsageError } from '../../errors.js';
import { instantMs, toInstant } from '../../approval/instant.js';

/** A replay window as the plan stores it: whole-second UTC instants, start before end. */
export interface ReplayWindow {
  start: string;
  end: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses `--from`/`--to` (ISO 8601 with a zone). Sub-second parts are refused rather than silently cut. */
export function parseInstantFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`, { hint: `e.g. ${flag} 2026-11-28T08:00:00Z` });
  if (!ISO.test(value)) throw new UsageError(`${flag} '${value}' is not an ISO 8601 time with a zone`, { hint: 'e.g. 2026-11-28T08:00:00Z' });
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} '${value}' is not a valid time`);
  if (ms % 1000 !== 0) throw new UsageError(`${flag} '${value}' has fractions of a second; replay windows are whole seconds`);
  return toInstant(new Date(ms));
}

export function parseWindow(from: string | undefined, to: string | undefined): ReplayWindow {
  const start = parseInstantFlag(from, '--from');
  const end = parseInstantFlag(to, '--to');
  if (instantMs(end) <= instantMs(start)) throw new UsageError(`--to (${end}) must be after --from (${start})`);
  return { start, end };
}

export function windowMinutes(window: ReplayWindow): number {
  return (instantMs(window.end) - instantMs(window.start)) / 60_000;
}

/** AWS recommends waiting 10 minutes before replaying: archive delivery lags the bus. */
export const ARCHIVE_DELAY_MINUTES = 10;

/** Minutes until the window is old enough to replay (0 when it already is). */
export function minutesUntilReplayable(window: ReplayWindow, now: Date, minAgeMinutes = ARCHIVE_DELAY_MINUTES): number {
  const readyAt = instantMs(window.end) + minAgeMinutes * 60_000;
  return Math.max(0, Math.ceil((readyAt - now.getTime()) / 60_000));
}
