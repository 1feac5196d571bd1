import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { inputErrorOf } from '../../support/input-error.js';
import { globToRegExp, resolveLintConfig, settingFor } from '../../../src/lint/lint-config.js';
import { builtinPresetName, parsePreset, readBuiltinPreset, type Preset } from '../../../src/lint/presets.js';
import type { LintSettings } from '../../../src/manifest/model.js';
import { waiverEnds } from '../../../src/lint/waiver-expiry.js';

const locate = (pointer: string) => ({ file: 'eventctl.yaml', line: pointer.split('/').length, column: 1 });
const builtin = (ref: string): Preset => {
  const name = builtinPresetName(ref);
  if (!name) throw new InputError(`unknown lint preset '${ref}'`);
  return readBuiltinPreset(name);
};
const resolve = (settings: LintSettings | undefined) => resolveLintConfig(settings, builtin, locate);

function problemsOf(fn: () => unknown): string[] {
  const error = inputErrorOf(fn);
  return [error.message, ...error.problems.map((p) => p.message)];
}

describe('resolveLintConfig', () => {
  it('defaults to the recommended preset', () => {
    const config = resolve(undefined);
    expect(config.presets).toEqual(['eventctl:recommended']);
    expect(config.base.get('operational-has-dlq')).toBe('error');
    expect(config.base.get('topic-has-correlation')).toBe('off');
  });

  it('applies extends in order, then rules, then overrides per subject', () => {
    const config = resolve({
      extends: ['recommended', 'strict'],
      rules: { 'topic-has-owner': 'info' },
      overrides: [{ consumers: ['legacy-*'], rules: { 'consumer-has-owner': 'off' } }],
    });
    expect(config.presets).toEqual(['eventctl:recommended', 'eventctl:strict']);
    expect(config.base.get('queue-has-dlq')).toBe('error');
    expect(settingFor(config, 'topic-has-owner', { kind: 'topic', name: 'x' })).toBe('info');
    expect(settingFor(config, 'consumer-has-owner', { kind: 'consumer', name: 'legacy-sync' })).toBe('off');
    expect(settingFor(config, 'consumer-has-owner', { kind: 'consumer', name: 'billing' })).toBe('error');
    expect(settingFor(config, 'consumer-has-owner', { kind: 'topic', name: 'legacy-sync' })).toBe('error');
  });

  it('refuses unknown rule ids everywhere, with a suggestion and the line', () => {
    let caught: InputError | undefined;
    try {
      resolve({
        rules: { 'operational-has-dql': 'off' },
        overrides: [{ topics: ['*'], rules: { 'no-such-rule': 'warn' } }],
        waivers: [{ rule: 'topic-has-ownr', reason: 'because', expires: '2030-01-01' }],
      });
    } catch (error) {
      caught = error as InputError;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught!.message).toContain("unknown lint rule 'operational-has-dql'");
    expect(caught!.hint).toContain("did you mean 'operational-has-dlq'");
    expect(caught!.location).toEqual(locate('/lint/rules/operational-has-dql'));
    expect(caught!.problems.map((p) => p.message)).toEqual([
      "lint.overrides[0]: unknown lint rule 'no-such-rule'",
      "lint.waivers[0]: unknown lint rule 'topic-has-ownr'",
    ]);
  });

  it('refuses to weaken or waive the locked waiver-expired rule', () => {
    expect(problemsOf(() => resolve({ rules: { 'waiver-expired': 'warn' } }))).toEqual(["lint.rules: rule 'waiver-expired' cannot be set to warn"]);
    expect(problemsOf(() => resolve({ waivers: [{ rule: 'waiver-expired', reason: 'noise', expires: '2030-01-01' }] }))).toEqual([
      "lint.waivers[0]: rule 'waiver-expired' cannot be waived",
    ]);
    expect(resolve({ extends: [] }).base.get('waiver-expired')).toBe('error');
  });

  it('refuses unknown presets and overrides that select nothing', () => {
    expect(problemsOf(() => resolve({ extends: 'strictest' }))).toEqual(["unknown lint preset 'strictest'"]);
    expect(problemsOf(() => resolve({ overrides: [{ rules: { 'topic-has-owner': 'off' } }] }))).toEqual(['lint.overrides[0] selects nothing']);
  });
});

describe('presets', () => {
  it('reject bad settings and unknown keys at their line', () => {
    const text = 'name: team\nrule:\n  x: warn\nrules:\n  topic-has-owner: fatal\n';
    expect(problemsOf(() => parsePreset(text, 'team.yaml', 'team.yaml'))).toEqual([
      "lint preset team.yaml: unknown key 'rule'",
      'lint preset team.yaml: rule \'topic-has-owner\' has setting "fatal"',
    ]);
  });
});

describe('globs and waiver expiry', () => {
  it('globs match whole names, * and ? only', () => {
    expect(globToRegExp('legacy-*').test('legacy-sync')).toBe(true);
    expect(globToRegExp('legacy-*').test('new-legacy-sync')).toBe(false);
    expect(globToRegExp('order.?laced').test('order.placed')).toBe(true);
    expect(globToRegExp('order.placed').test('orderXplaced')).toBe(false);
  });

  it('a date-only expiry lasts to the end of that day in UTC; impossible dates are invalid', () => {
    expect(waiverEnds('2026-06-01')?.toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(waiverEnds('2026-06-01T08:00:00Z')?.toISOString()).toBe('2026-06-01T08:00:00.000Z');
    expect(waiverEnds('2026-02-30')).toBeUndefined();
    expect(waiverEnds('2026-06-01 soon')).toBeUndefined();
  });
});
