import { InputError, type Problem, type SourceLocation } from '../errors.js';
import type { LintSettings } from '../manifest/model.js';
import { closest } from '../text/closest.js';
import type { Preset, RuleSetting } from './presets.js';
import { findRule, RULE_IDS } from './registry.js';

/** A waiver as configured, with its position in `lint.waivers` (for messages). */
export interface ConfiguredWaiver {
  index: number;
  rule: string;
  subject?: string;
  reason: string;
  expires: string;
  approver?: string;
}

interface CompiledOverride {
  consumers?: RegExp[];
  topics?: RegExp[];
  rules: ReadonlyMap<string, RuleSetting>;
}

/** Which rules run at which severity, for which subjects, and what is waived. */
export interface LintConfig {
  /** Presets applied, in order (`eventctl:recommended`, a file path…). */
  presets: readonly string[];
  base: ReadonlyMap<string, RuleSetting>;
  overrides: readonly CompiledOverride[];
  waivers: readonly ConfiguredWaiver[];
}

export type PresetLoader = (ref: string, at: SourceLocation) => Preset;

const DEFAULT_EXTENDS = ['recommended'];

/**
 * Folds `lint.extends` (default: recommended), `lint.rules` and `lint.overrides` into one config.
 * Unknown rule ids and attempts to weaken a locked rule are input errors (exit 2) at their line.
 */
export function resolveLintConfig(
  settings: LintSettings | undefined,
  loadPreset: PresetLoader,
  locate: (pointer: string) => SourceLocation,
): LintConfig {
  const problems: Problem[] = [];
  const base = new Map<string, RuleSetting>();
  const presets: string[] = [];

  const checkSetting = (id: string, setting: RuleSetting, at: SourceLocation, where: string): boolean => {
    const rule = findRule(id);
    if (!rule) {
      const suggestion = closest(id, RULE_IDS);
      problems.push({
        message: `${where}: unknown lint rule '${id}'`,
        hint: suggestion ? `did you mean '${suggestion}'? (eventctl rules lists them all)` : 'run eventctl rules for the list of rule ids',
        location: at,
      });
      return false;
    }
    if (rule.meta.locked && setting !== 'error') {
      problems.push({
        message: `${where}: rule '${id}' cannot be set to ${setting}`,
        hint: 'an expired waiver is always an error; renew or remove the waiver instead',
        location: at,
      });
      return false;
    }
    return true;
  };

  const apply = (ref: string, at: SourceLocation, chain: readonly string[]) => {
    let preset: Preset;
    try {
      preset = loadPreset(ref, at);
    } catch (error) {
      if (error instanceof InputError) {
        problems.push(error, ...error.problems);
        return;
      }
      throw error;
    }
    if (chain.includes(preset.source)) {
      problems.push({ message: `lint presets extend each other in a cycle: ${[...chain, preset.source].join(' → ')}`, location: at });
      return;
    }
    preset.extends.forEach((parent, i) => apply(parent, preset.locate(`/extends/${i}`), [...chain, preset.source]));
    for (const [id, setting] of preset.rules) {
      if (checkSetting(id, setting, preset.locate(`/rules/${id}`), `lint preset ${preset.source}`)) base.set(id, setting);
    }
    presets.push(preset.source);
  };

  const extendsList = settings?.extends === undefined ? DEFAULT_EXTENDS : ([] as string[]).concat(settings.extends);
  extendsList.forEach((ref, i) => {
    const at = settings?.extends === undefined ? locate('/lint') : locate(Array.isArray(settings.extends) ? `/lint/extends/${i}` : '/lint/extends');
    apply(ref, at, []);
  });
  for (const [id, setting] of Object.entries(settings?.rules ?? {})) {
    if (checkSetting(id, setting, locate(`/lint/rules/${escape(id)}`), 'lint.rules')) base.set(id, setting);
  }

  const overrides: CompiledOverride[] = [];
  (settings?.overrides ?? []).forEach((override, i) => {
    const rules = new Map<string, RuleSetting>();
    for (const [id, setting] of Object.entries(override.rules)) {
      if (checkSetting(id, setting, locate(`/lint/overrides/${i}/rules/${escape(id)}`), `lint.overrides[${i}]`)) rules.set(id, setting);
    }
    if (!override.consumers && !override.topics) {
      problems.push({
        message: `lint.overrides[${i}] selects nothing`,
        hint: 'add consumers: [names or globs] or topics: [names or globs]; use lint.rules for platform-wide settings',
        location: locate(`/lint/overrides/${i}`),
      });
    }
    overrides.push({ consumers: override.consumers?.map(globToRegExp), topics: override.topics?.map(globToRegExp), rules });
  });

  const waivers: ConfiguredWaiver[] = [];
  (settings?.waivers ?? []).forEach((waiver, index) => {
    const rule = findRule(waiver.rule);
    const at = locate(`/lint/waivers/${index}/rule`);
    if (!rule) {
      const suggestion = closest(waiver.rule, RULE_IDS);
      problems.push({
        message: `lint.waivers[${index}]: unknown lint rule '${waiver.rule}'`,
        hint: suggestion ? `did you mean '${suggestion}'?` : 'run eventctl rules for the list of rule ids',
        location: at,
      });
      return;
    }
    if (rule.meta.locked) {
      problems.push({ message: `lint.waivers[${index}]: rule '${waiver.rule}' cannot be waived`, hint: 'renew or remove the expired waiver instead', location: at });
      return;
    }
    waivers.push({ index, rule: waiver.rule, subject: waiver.subject, reason: waiver.reason, expires: waiver.expires, approver: waiver.approver });
  });

  if (problems.length > 0) throw InputError.fromProblems(problems);
  // A locked rule runs whatever the presets say.
  for (const id of RULE_IDS) if (findRule(id)!.meta.locked) base.set(id, 'error');
  return { presets, base, overrides, waivers };
}

/** The setting of a rule for one subject: the base, then every matching override in order. */
export function settingFor(config: LintConfig, ruleId: string, subject: { kind: string; name: string }): RuleSetting {
  let setting = config.base.get(ruleId) ?? 'off';
  for (const override of config.overrides) {
    const patterns = subject.kind === 'consumer' ? override.consumers : subject.kind === 'topic' ? override.topics : undefined;
    const value = override.rules.get(ruleId);
    if (value !== undefined && patterns?.some((p) => p.test(subject.name))) setting = value;
  }
  return setting;
}

/** Whether a rule can report anything at all under this config (so the engine can skip it). */
export function ruleMayRun(config: LintConfig, ruleId: string): boolean {
  if ((config.base.get(ruleId) ?? 'off') !== 'off') return true;
  return config.overrides.some((o) => {
    const value = o.rules.get(ruleId);
    return value !== undefined && value !== 'off';
  });
}

/** `*` matches any run of characters, `?` one character; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
