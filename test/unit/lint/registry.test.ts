import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_CATEGORIES } from '../../../src/lint/categories.js';
import { readBuiltinPreset } from '../../../src/lint/presets.js';
import { RULES } from '../../../src/lint/registry.js';
import { SEVERITIES } from '../../../src/report/finding.js';

const RULES_DIR = fileURLToPath(new URL('../../../src/lint/rules/', import.meta.url));
const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('lint rule registry', () => {
  it('registers every file in src/lint/rules, and nothing else', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(ruleFiles);
  });

  it('is sorted by id and has no duplicates', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(ruleFiles)('rule file %s declares the id it is named after', async (file) => {
    const mod = (await import(pathToFileURL(join(RULES_DIR, `${file}.ts`)).href)) as { default: { meta: { id: string } } };
    expect(mod.default.meta.id).toBe(file);
    expect(RULES).toContain(mod.default);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has complete metadata', (id, rule) => {
    const { meta } = rule;
    expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
    expect(RULE_CATEGORIES).toContain(meta.category);
    expect(SEVERITIES).toContain(meta.defaultSeverity);
    for (const text of [meta.summary, meta.rationale, meta.fix]) {
      expect(typeof text).toBe('string');
      expect(text.trim().length).toBeGreaterThan(20);
    }
    expect(meta.example.bad.trim()).not.toBe('');
    expect(meta.example.good.trim()).not.toBe('');
    expect(meta.example.bad).not.toBe(meta.example.good);
    expect(typeof rule.check).toBe('function');
  });
});

describe('shipped presets', () => {
  const recommended = readBuiltinPreset('recommended');
  const strict = readBuiltinPreset('strict');
  const ids = RULES.map((r) => r.meta.id);

  it('recommended lists every rule at its default severity or off', () => {
    expect([...recommended.rules.keys()].sort()).toEqual([...ids].sort());
    for (const rule of RULES) {
      expect([rule.meta.defaultSeverity, 'off'], rule.meta.id).toContain(recommended.rules.get(rule.meta.id));
    }
  });

  it('strict lists every rule, turns every rule on, and is never weaker than recommended', () => {
    expect([...strict.rules.keys()].sort()).toEqual([...ids].sort());
    const rank = { off: 0, info: 1, warn: 2, error: 3 } as const;
    for (const id of ids) {
      expect(strict.rules.get(id), id).not.toBe('off');
      expect(rank[strict.rules.get(id)!], id).toBeGreaterThanOrEqual(rank[recommended.rules.get(id)!]);
    }
  });

  it('keeps locked rules at error', () => {
    for (const rule of RULES.filter((r) => r.meta.locked)) {
      expect(recommended.rules.get(rule.meta.id)).toBe('error');
      expect(strict.rules.get(rule.meta.id)).toBe('error');
    }
  });

  it('the preset files are sorted by rule id (reviewable diffs)', () => {
    for (const file of ['lint-recommended.yaml', 'lint-strict.yaml']) {
      const text = readFileSync(fileURLToPath(new URL(`../../../policies/${file}`, import.meta.url)), 'utf8');
      const listed = [...text.matchAll(/^ {2}([a-z0-9-]+):/gm)].map((m) => m[1]);
      expect(listed).toEqual([...listed].sort());
    }
  });
});
