import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBuiltinPreset } from '../../../src/lint/presets.js';
import { RULES } from '../../../src/lint/registry.js';
import { rulesMarkdown } from '../../../src/lint/rules-doc.js';

describe('docs/rules.md', () => {
  it('is current with the registry (regenerate with npm run docs:rules)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../docs/rules.md', import.meta.url)), 'utf8');
    const presets = { recommended: readBuiltinPreset('recommended'), strict: readBuiltinPreset('strict') };
    expect(committed).toBe(rulesMarkdown(RULES, presets));
  });

  it('has a section for every rule', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../docs/rules.md', import.meta.url)), 'utf8');
    for (const rule of RULES) expect(committed).toContain(`\n## ${rule.meta.id}\n`);
  });
});
