import { describe, expect, it } from 'vitest';
import { wrapCommand, wrapHanging } from '../../../src/text/wrap.js';

const lines = (text: string) => text.split('\n');
const longest = (text: string) => Math.max(...lines(text).map((l) => l.length));
/** What the shell sees: continuation lines joined back, runs of spaces collapsed. */
const pasted = (text: string) => text.replace(/ \\\n/g, ' ').replace(/ +/g, ' ').trim();

describe('wrapCommand: shell commands a user copies', () => {
  const plan = 'eventctl replay plan orders-read-model --from 2026-11-28T08:00:00Z --to 2026-11-28T09:30:00Z --out replays/inc-4821 --requester carol';

  it('leaves a command that fits, and any command when the width is unlimited, as it is', () => {
    expect(wrapCommand('eventctl replay run replays/x', 80)).toBe('  eventctl replay run replays/x');
    expect(wrapCommand(plan, undefined)).toBe(`  ${plan}`);
    expect(wrapCommand('eventctl lint', 80, '')).toBe('eventctl lint');
  });

  it('breaks between arguments with a trailing backslash; pasted back it is the same command', () => {
    const text = wrapCommand(plan, 80);
    expect(longest(text)).toBeLessThanOrEqual(80);
    expect(lines(text).length).toBeGreaterThan(1);
    expect(lines(text).slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    expect(lines(text).at(-1)).not.toMatch(/\\$/);
    expect(lines(text).slice(1).every((l) => l.startsWith('      ') && !l.startsWith('       '))).toBe(true);
    expect(pasted(text)).toBe(plan);
  });

  it('keeps an option with its value, a quoted argument and a <placeholder> whole', () => {
    const reject = 'eventctl replay approve replays/inc-4821 --key ~/.eventctl/bob.key --reject --comment "not idempotent yet"';
    for (const width of [40, 50, 60, 80]) {
      const text = wrapCommand(reject, width);
      expect(pasted(text)).toBe(reject);
      expect(text).toMatch(/--comment "not idempotent yet"/);
      expect(text).toMatch(/--key ~\/\.eventctl\/bob\.key/);
      expect(longest(text)).toBeLessThanOrEqual(width);
    }
    const placeholder = wrapCommand('eventctl replay approve replays/incident-4821-orders-read-model --key <requester key> --role requester', 60);
    expect(placeholder).toContain('--key <requester key>');
    expect(longest(placeholder)).toBeLessThanOrEqual(60);
  });

  it('never breaks a path: one longer than the line gets a line of its own', () => {
    const path = `/tmp/${'very-long-directory/'.repeat(5)}inc-4821`;
    const text = wrapCommand(`eventctl replay verify ${path} --policy-ref origin/main`, 60);
    expect(lines(text)).toContain(`      ${path} \\`);
    expect(pasted(text)).toBe(`eventctl replay verify ${path} --policy-ref origin/main`);
    // An option whose value is such a path goes on the line before it, so only the path overflows.
    const option = wrapCommand(`eventctl dlq redrive --plan ${path}`, 60);
    expect(lines(option)).toEqual(['  eventctl dlq redrive --plan \\', `      ${path}`]);
  });

  it('moves a trailing comment that does not fit to its own line above the command', () => {
    const fits = wrapCommand('eventctl dlq redrive --plan p  # carol', 80);
    expect(fits).toBe('  eventctl dlq redrive --plan p  # carol');
    const text = wrapCommand('eventctl replay approve replays/inc-4821-orders --key <approver key>     # each approver who must sign', 60);
    expect(lines(text)[0]).toBe('  # each approver who must sign');
    expect(pasted(lines(text).slice(1).join('\n'))).toBe('eventctl replay approve replays/inc-4821-orders --key <approver key>');
    expect(longest(text)).toBeLessThanOrEqual(60);
  });
});

describe('wrapHanging: a labelled line', () => {
  it('wraps the text under its label, or under the hang given, and leaves what fits alone', () => {
    expect(wrapHanging('  hint: ', 'fetch it first', 80)).toBe('  hint: fetch it first');
    expect(wrapHanging('  hint: ', 'fetch it first: git fetch origin main', 30)).toBe('  hint: fetch it first: git\n        fetch origin main');
    expect(wrapHanging('  ', 'plan 1234, sha256 abcdef, expires tomorrow', 20, '    ')).toBe('  plan 1234, sha256\n    abcdef, expires\n    tomorrow');
    expect(wrapHanging('  - ', 'a reason far longer than any terminal line', undefined)).toBe('  - a reason far longer than any terminal line');
  });
});
