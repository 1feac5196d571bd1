#!/usr/bin/env node
// Writes docs/rules.md from the lint rule registry (run via `npm run docs:rules`, which builds first).
// test/unit/lint/rules-doc.test.ts fails when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { RULES } = await import('../dist/src/lint/registry.js');
const { readBuiltinPreset } = await import('../dist/src/lint/presets.js');
const { rulesMarkdown } = await import('../dist/src/lint/rules-doc.js');

const target = fileURLToPath(new URL('../docs/rules.md', import.meta.url));
const presets = { recommended: readBuiltinPreset('recommended'), strict: readBuiltinPreset('strict') };
writeFileSync(target, rulesMarkdown(RULES, presets));
process.stdout.write(`wrote ${target} (${RULES.length} rules)\n`);
