import type { MoveProgress } from './mover.js';

/**
 * The redrive progress line on stderr: a bar with moved / remaining / failed and a rate.
 * On a terminal it redraws in place (at most every 100 ms); elsewhere a plain line every 5 s.
 */
export function progressLine(p: MoveProgress & { rate?: number }, width = 24): string {
  const total = p.remaining === undefined ? undefined : p.moved + p.remaining;
  const fraction = total ? Math.min(1, p.moved / total) : 0;
  const filled = Math.round(fraction * width);
  const bar = total === undefined ? '' : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
  const parts = [
    `moved ${p.moved}`,
    ...(p.remaining !== undefined ? [`remaining ~${p.remaining}`] : []),
    `failed ${p.failed}`,
    ...(p.skipped ? [`skipped ${p.skipped}`] : []),
    ...(p.rate !== undefined ? [`${p.rate.toFixed(0)} msg/s`] : []),
  ];
  return `${bar}${parts.join('  ')}`;
}

export interface ProgressWriter {
  update(p: MoveProgress): void;
  finish(): void;
}

export function progressWriter(write: (text: string) => void, isTTY: boolean, clock: () => number): ProgressWriter {
  const started = clock();
  let lastDraw = 0;
  let last: MoveProgress | undefined;
  let drawn = false;
  const draw = (p: MoveProgress) => {
    const seconds = (clock() - started) / 1000;
    const line = progressLine({ ...p, ...(seconds > 0.5 ? { rate: p.moved / seconds } : {}) });
    if (isTTY) write(`\r\x1b[2K${line}`);
    else write(`${line}\n`);
    drawn = true;
  };
  return {
    update(p) {
      last = p;
      const now = clock();
      if (now - lastDraw < (isTTY ? 100 : 5_000)) return;
      lastDraw = now;
      draw(p);
    },
    finish() {
      if (isTTY && drawn && last) {
        draw(last);
        write('\n');
      }
    },
  };
}
