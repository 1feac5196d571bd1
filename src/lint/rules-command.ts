import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { closest } from '../text/closest.js';
import { CATEGORY_TITLES, RULE_CATEGORIES } from './categories.js';
import { readBuiltinPreset } from './presets.js';
import { findRule, RULE_IDS, RULES } from './registry.js';
import type { LintRule } from './rule.js';
import { ruleMarkdown, rulesMarkdown, type PresetColumns } from './rules-doc.js';

const FOOTER = 'Schema-change rules (schema diff / schema check): eventctl schema rules';

/** `eventctl rules [id]`: the catalogue, or one rule's full explanation. */
export async function rulesCommand(ctx: CommandContext, id: string | undefined): Promise<number> {
  const format = ctx.global.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`eventctl rules prints text, json or markdown, not ${format}`, { hint: 'use --format text, json or markdown' });
  }
  const presets: PresetColumns = { recommended: readBuiltinPreset('recommended'), strict: readBuiltinPreset('strict') };
  const rules = id === undefined ? RULES : [lookup(id)];
  if (format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, rules: rules.map((r) => ruleJson(r, presets)) }, null, 2));
  } else if (format === 'markdown') {
    ctx.emit(id === undefined ? rulesMarkdown(RULES, presets) : ruleMarkdown(rules[0]!, presets, '#'));
  } else {
    ctx.emit(id === undefined ? catalogueText(ctx, presets) : ruleText(ctx, rules[0]!, presets));
  }
  return ExitCode.ok;
}

function lookup(id: string): LintRule {
  const rule = findRule(id);
  if (rule) return rule;
  const suggestion = closest(id, RULE_IDS);
  throw new UsageError(`no lint rule '${id}'`, {
    hint: suggestion ? `did you mean '${suggestion}'? (eventctl rules lists them all)` : 'eventctl rules lists them all',
  });
}

function ruleJson(rule: LintRule, presets: PresetColumns) {
  return {
    ...rule.meta,
    classes: rule.meta.classes ?? null,
    locked: rule.meta.locked ?? false,
    presets: { recommended: presets.recommended.rules.get(rule.meta.id) ?? 'off', strict: presets.strict.rules.get(rule.meta.id) ?? 'off' },
  };
}

function catalogueText(ctx: CommandContext, presets: PresetColumns): string {
  const c = ctx.color;
  const width = Math.max(...RULE_IDS.map((id) => id.length));
  const paint = (s: string) => (s === 'error' ? c.red(s.padEnd(5)) : s === 'warn' ? c.yellow(s.padEnd(5)) : s === 'off' ? c.dim(s.padEnd(5)) : c.cyan(s.padEnd(5)));
  const lines: string[] = [`${c.bold('eventctl lint rules')} (${RULES.length}): recommended / strict severity, then what must hold`, ''];
  for (const category of RULE_CATEGORIES) {
    const rules = RULES.filter((r) => r.meta.category === category);
    if (rules.length === 0) continue;
    lines.push(c.bold(CATEGORY_TITLES[category]));
    for (const rule of rules) {
      const id = rule.meta.id;
      lines.push(`  ${id.padEnd(width)}  ${paint(presets.recommended.rules.get(id) ?? 'off')} ${paint(presets.strict.rules.get(id) ?? 'off')}  ${rule.meta.summary}`);
    }
    lines.push('');
  }
  lines.push(c.dim('eventctl rules <id> explains one rule: why it matters, how to fix it, an example, how to waive it.'));
  lines.push(c.dim(FOOTER));
  return lines.join('\n');
}

function ruleText(ctx: CommandContext, rule: LintRule, presets: PresetColumns): string {
  const c = ctx.color;
  const { meta } = rule;
  const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');
  const lines = [
    `${c.bold(meta.id)}  ${c.dim(`${CATEGORY_TITLES[meta.category]} · default ${meta.defaultSeverity} · recommended ${presets.recommended.rules.get(meta.id) ?? 'off'} · strict ${presets.strict.rules.get(meta.id) ?? 'off'}${meta.classes ? ` · ${meta.classes.join(', ')} consumers` : ''}`)}`,
    '',
    meta.summary,
    '',
    c.bold('Why it matters'),
    meta.rationale,
    '',
    c.bold('How to fix'),
    meta.fix,
    '',
    c.bold('Flagged'),
    indent(meta.example.bad),
    '',
    c.bold('Fixed'),
    indent(meta.example.good),
    '',
    c.bold('Waiving'),
    meta.locked
      ? 'This rule cannot be waived or turned off.'
      : `lint: { waivers: [ { rule: ${meta.id}, subject: <name>, reason: "<why>", expires: YYYY-MM-DD } ] }\nor tune it: lint: { rules: { ${meta.id}: warn } }`,
    '',
    c.dim(FOOTER),
  ];
  return lines.join('\n');
}
