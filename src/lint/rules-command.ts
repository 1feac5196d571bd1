import type { CommandContext } from '../context.js';
import { renderTable, wrapParagraph } from '../report/table.js';
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
  const width = ctx.tableWidth;
  const paint = (s: string) => (s === 'error' ? c.red(s) : s === 'warn' ? c.yellow(s) : s === 'off' ? c.dim(s) : c.cyan(s));
  const lines: string[] = [wrapParagraph(`${c.bold('eventctl lint rules')} (${RULES.length}): recommended / strict severity, then what must hold`, width), ''];
  for (const category of RULE_CATEGORIES) {
    const rules = RULES.filter((r) => r.meta.category === category);
    if (rules.length === 0) continue;
    lines.push(c.bold(CATEGORY_TITLES[category]));
    const rows = rules.map((rule) => [rule.meta.id, presets.recommended.rules.get(rule.meta.id) ?? 'off', presets.strict.rules.get(rule.meta.id) ?? 'off', rule.meta.summary]);
    const severity = { style: paint };
    lines.push(
      renderTable(
        [{ header: 'RULE', wrap: true, minWidth: 16 }, { header: 'REC', ...severity }, { header: 'STRICT', ...severity }, { header: 'WHAT MUST HOLD', wrap: true, minWidth: 20 }],
        rows,
        { width, boldHeader: (h) => c.dim(h) },
      ),
      '',
    );
  }
  lines.push(c.dim(wrapParagraph('eventctl rules <id> explains one rule: why it matters, how to fix it, an example, how to waive it.', width)));
  lines.push(c.dim(wrapParagraph(FOOTER, width)));
  return lines.join('\n');
}

function ruleText(ctx: CommandContext, rule: LintRule, presets: PresetColumns): string {
  const c = ctx.color;
  const { meta } = rule;
  const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');
  // Prose wraps to the terminal (COLUMNS or its width); examples stay as written.
  const wrap = (text: string) => wrapParagraph(text, ctx.tableWidth, '');
  const lines = [
    c.bold(meta.id),
    c.dim(wrap(`${CATEGORY_TITLES[meta.category]} · default ${meta.defaultSeverity} · recommended ${presets.recommended.rules.get(meta.id) ?? 'off'} · strict ${presets.strict.rules.get(meta.id) ?? 'off'}${meta.classes ? ` · ${meta.classes.join(', ')} consumers` : ''}`)),
    '',
    wrap(meta.summary),
    '',
    c.bold('Why it matters'),
    wrap(meta.rationale),
    '',
    c.bold('How to fix'),
    wrap(meta.fix),
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
      : `lint:\n  waivers:\n    - rule: ${meta.id}\n      subject: <name>\n      reason: "<why>"\n      expires: YYYY-MM-DD\nor tune it:\nlint:\n  rules: { ${meta.id}: warn }`,
    '',
    c.dim(FOOTER),
  ];
  return lines.join('\n');
}
