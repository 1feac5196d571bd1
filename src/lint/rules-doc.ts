import { CATEGORY_TITLES, RULE_CATEGORIES } from './categories.js';
import type { Preset } from './presets.js';
import type { LintRule } from './rule.js';

export interface PresetColumns {
  recommended: Preset;
  strict: Preset;
}

/** The example block of a rule; JSON for schema excerpts, YAML for manifest ones. */
function fence(code: string): string {
  const lang = code.trimStart().startsWith('{') ? 'json' : 'yaml';
  return `\`\`\`${lang}\n${code.trimEnd()}\n\`\`\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function waiverSnippet(rule: LintRule): string {
  if (rule.meta.locked) return 'This rule cannot be waived or turned off.';
  return [
    'Tune it in the manifest (`off`, `info`, `warn`, `error`), for everyone or for some consumers or topics, or waive one finding until a date:',
    '',
    '```yaml',
    'lint:',
    `  rules: { ${rule.meta.id}: warn }`,
    '  overrides:',
    `    - { consumers: [legacy-*], rules: { ${rule.meta.id}: off } }`,
    '  waivers:',
    `    - { rule: ${rule.meta.id}, subject: <consumer, topic or bus name>, reason: "<why, with a ticket>", expires: YYYY-MM-DD }`,
    '```',
  ].join('\n');
}

/** One rule's full page section (also what `eventctl rules <id> --format markdown` prints). */
export function ruleMarkdown(rule: LintRule, presets: PresetColumns, heading = '##'): string {
  const { meta } = rule;
  const facts = [
    `**Category:** ${CATEGORY_TITLES[meta.category]}`,
    `**Default severity:** ${meta.defaultSeverity}`,
    `**Presets:** recommended \`${presets.recommended.rules.get(meta.id) ?? 'off'}\`, strict \`${presets.strict.rules.get(meta.id) ?? 'off'}\``,
  ];
  if (meta.classes) facts.push(`**Consumer classes:** ${meta.classes.join(', ')}`);
  return [
    `${heading} ${meta.id}`,
    '',
    facts.join(' · '),
    '',
    meta.summary,
    '',
    `**Why it matters.** ${meta.rationale}`,
    '',
    `**How to fix.** ${meta.fix}`,
    '',
    '**Flagged:**',
    '',
    fence(meta.example.bad),
    '',
    '**Fixed:**',
    '',
    fence(meta.example.good),
    '',
    `**Waiving.** ${waiverSnippet(rule)}`,
  ].join('\n');
}

/** docs/rules.md, generated from the registry by `npm run docs:rules`; a test keeps it current. */
export function rulesMarkdown(rules: readonly LintRule[], presets: PresetColumns): string {
  const lines = [
    '<!-- Generated from src/lint/rules/ by `npm run docs:rules`. Do not edit by hand. -->',
    '# eventctl lint rules',
    '',
    `${rules.length} rules check the platform manifest and its schemas. \`eventctl lint\` runs them with the severities of the`,
    'preset the manifest extends (`recommended` by default, or `strict`), tuned by its `lint:` block;',
    '`eventctl rules <id>` prints one rule\'s page in the terminal. Every finding names the manifest line of the offending entry.',
    'Schema-change rules (what `eventctl schema diff` and `schema check` report) are listed by `eventctl schema rules`.',
    '',
    '| Rule | Category | recommended | strict | Summary |',
    '|---|---|---|---|---|',
  ];
  const ordered = RULE_CATEGORIES.flatMap((category) => rules.filter((r) => r.meta.category === category));
  for (const rule of ordered) {
    const { id, category, summary } = rule.meta;
    lines.push(
      `| [\`${id}\`](#${id}) | ${CATEGORY_TITLES[category]} | ${presets.recommended.rules.get(id) ?? 'off'} | ${presets.strict.rules.get(id) ?? 'off'} | ${cell(summary)} |`,
    );
  }
  for (const category of RULE_CATEGORIES) {
    const inCategory = ordered.filter((r) => r.meta.category === category);
    if (inCategory.length === 0) continue;
    lines.push('', `# ${CATEGORY_TITLES[category]}`);
    for (const rule of inCategory) lines.push('', ruleMarkdown(rule, presets));
  }
  return `${lines.join('\n')}\n`;
}
