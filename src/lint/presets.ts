import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { InputError, type Problem, type SourceLocation } from '../errors.js';
import { resolveInsideRoot } from '../manifest/load.js';
import type { LoadedManifest } from '../manifest/model.js';
import { parseYamlSource } from '../manifest/yaml-source.js';
import { policyFile } from '../paths.js';
import { readUserTextSync } from '../io/read-user-file.js';

const MAX_PRESET_BYTES = 1024 * 1024;

export type RuleSetting = 'error' | 'warn' | 'info' | 'off';
export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warn', 'info', 'off'];

/** A lint preset file: `rules: {id: severity|off}`, optionally extending other presets. */
export interface Preset {
  name: string;
  /** Where it came from, for messages: `eventctl:recommended` or a repository path. */
  source: string;
  description?: string;
  extends: readonly string[];
  rules: ReadonlyMap<string, RuleSetting>;
  /** Position of `rules/<id>` (or of the file) for config errors. */
  locate(pointer: string): SourceLocation;
}

/** Shipped presets, by the name a manifest's `lint.extends` uses (`eventctl:` prefix optional). */
export const BUILTIN_PRESETS = {
  recommended: 'lint-recommended.yaml',
  strict: 'lint-strict.yaml',
} as const;
export type BuiltinPresetName = keyof typeof BUILTIN_PRESETS;

export function builtinPresetName(ref: string): BuiltinPresetName | undefined {
  const name = ref.startsWith('eventctl:') ? ref.slice('eventctl:'.length) : ref;
  return Object.hasOwn(BUILTIN_PRESETS, name) ? (name as BuiltinPresetName) : undefined;
}

export function readBuiltinPreset(name: BuiltinPresetName): Preset {
  const path = policyFile(BUILTIN_PRESETS[name]);
  return parsePreset(readFileSync(path, 'utf8'), `eventctl:${name}`, `policies/${BUILTIN_PRESETS[name]}`);
}

/**
 * Resolves `lint.extends` entries: shipped preset names, or YAML files inside the repository
 * (relative to the manifest). Reads files; the config resolution that uses it stays pure.
 */
export function presetLoader(loaded: LoadedManifest): (ref: string, at: SourceLocation) => Preset {
  const cache = new Map<string, Preset>();
  return (ref, at) => {
    const cached = cache.get(ref);
    if (cached) return cached;
    const builtin = builtinPresetName(ref);
    let preset: Preset;
    if (builtin) {
      preset = readBuiltinPreset(builtin);
    } else if (/^\.{0,2}\/|\.ya?ml$/.test(ref)) {
      const path = resolveInsideRoot(ref, loaded.dir, loaded.root, at, 'lint preset');
      const display = relative(loaded.root, path);
      preset = parsePreset(readUserTextSync(path, { maxBytes: MAX_PRESET_BYTES, what: 'lint preset', shownAs: display, location: at }), display, display);
    } else {
      throw new InputError(`unknown lint preset '${ref}'`, {
        hint: `use ${Object.keys(BUILTIN_PRESETS).join(' or ')}, or a path to a preset file such as ./lint-preset.yaml`,
        location: at,
      });
    }
    cache.set(ref, preset);
    return preset;
  };
}

/** Parses a preset strictly: unknown top-level keys and bad severities are errors at their line. */
export function parsePreset(text: string, source: string, displayPath: string): Preset {
  const yaml = parseYamlSource(text, { displayPath, forbidAliases: true });
  const value = yaml.value;
  const problems: Problem[] = [];
  const fail = (pointer: string, message: string, hint?: string) =>
    problems.push({ message: `lint preset ${source}: ${message}`, hint, location: yaml.locate(pointer) });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`lint preset ${source} must be a mapping with rules:`, { location: yaml.locate('') });
  }
  const doc = value as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!['name', 'description', 'extends', 'rules'].includes(key)) fail(`/${key}`, `unknown key '${key}'`, 'allowed: name, description, extends, rules');
  }
  const extendsValue = doc.extends === undefined ? [] : Array.isArray(doc.extends) ? doc.extends : [doc.extends];
  if (!extendsValue.every((e): e is string => typeof e === 'string')) fail('/extends', 'extends must be a preset name or a list of them');
  const rules = new Map<string, RuleSetting>();
  const rawRules = doc.rules ?? {};
  if (rawRules === null || typeof rawRules !== 'object' || Array.isArray(rawRules)) {
    fail('/rules', 'rules must be a mapping of rule id to error, warn, info or off');
  } else {
    for (const [id, setting] of Object.entries(rawRules as Record<string, unknown>)) {
      if (typeof setting === 'string' && (RULE_SETTINGS as readonly string[]).includes(setting)) rules.set(id, setting as RuleSetting);
      else fail(`/rules/${id}`, `rule '${id}' has setting ${JSON.stringify(setting)}`, 'use error, warn, info or off');
    }
  }
  if (problems.length > 0) throw InputError.fromProblems(problems);
  return {
    name: typeof doc.name === 'string' ? doc.name : source,
    source,
    description: typeof doc.description === 'string' ? doc.description : undefined,
    extends: extendsValue as string[],
    rules,
    locate: (pointer) => yaml.locate(pointer),
  };
}
