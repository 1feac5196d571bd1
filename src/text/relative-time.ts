import { UsageError } from '../errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `2h`, `90m`, `1h30m`, `1d` → seconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+[smhdw])+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) seconds += Number(n) * UNIT_SECONDS[unit!]!;
  return seconds;
}

/** `now` minus a duration flag, as an ISO instant in whole seconds. Pure: `now` is a parameter. */
export function instantAgo(value: string, flag: string, now: Date): string {
  const seconds = parseDuration(value);
  if (seconds === undefined) throw new UsageError(`${flag} '${value}' is not a duration`, { hint: `e.g. ${flag} 2h, 90m, 1h30m, 1d` });
  const ms = Math.floor(now.getTime() / 1000) * 1000 - seconds * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * `--since 2h --until 1h` → `--from`/`--to` instants relative to `now`. `--until` defaults to now.
 * Mixing a relative and an absolute bound on the same side is refused.
 */
export function relativeWindow(
  flags: { from?: string; to?: string; since?: string; until?: string },
  now: Date,
): { from?: string; to?: string } {
  if (flags.since !== undefined && flags.from !== undefined) throw new UsageError('give --since or --from, not both');
  if (flags.until !== undefined && flags.to !== undefined) throw new UsageError('give --until or --to, not both');
  if (flags.until !== undefined && flags.since === undefined && flags.from === undefined) {
    throw new UsageError('--until needs --since (or --from) for the start of the window');
  }
  const from = flags.since !== undefined ? instantAgo(flags.since, '--since', now) : flags.from;
  const to = flags.until !== undefined ? instantAgo(flags.until, '--until', now) : flags.since !== undefined && flags.to === undefined ? instantAgo('0s', '--until', now) : flags.to;
  return { from, to };
}
