import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { closest } from '../text/closest.js';
import { wrapHanging, wrapParagraph } from '../text/wrap.js';
import { SCHEMA_RULES, type SchemaRule } from './rules.js';

/** `eventctl schema rules [id]`: the catalogue, or one rule with why it breaks and how to evolve instead. */
export async function schemaRulesCommand(ctx: CommandContext, id: string | undefined): Promise<number> {
  const all = [...SCHEMA_RULES.values()];
  let rules: SchemaRule[] = all;
  if (id !== undefined) {
    const found = SCHEMA_RULES.get(id);
    if (!found) {
      const suggestion = closest(id, all.map((r) => r.id));
      throw new UsageError(`unknown schema rule '${id}'`, { hint: suggestion ? `did you mean '${suggestion}'?` : 'run `eventctl schema rules` for the list' });
    }
    rules = [found];
  }
  const chalk = ctx.color;
  if (ctx.global.format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, rules: rules.map(({ id: rid, summary, why, fix, judged }) => ({ id: rid, summary, why, fix, judged })) }, null, 2));
    return ExitCode.ok;
  }
  if (ctx.global.format === 'markdown') {
    ctx.emit(rules.map((r) => `### \`${r.id}\`\n\n${r.summary}.\n\n- **Why:** ${r.why}\n- **Instead:** ${r.fix}\n`).join('\n'));
    return ExitCode.ok;
  }
  if (id !== undefined) {
    const r = rules[0]!;
    const indented = (text: string) => wrapHanging('  ', text, ctx.tableWidth);
    ctx.emit(`${chalk.bold(r.id)}${r.judged ? '' : chalk.yellow(' (cannot be judged: reported as a warning)')}\n${indented(r.summary)}\n\n${chalk.bold('Why')}\n${indented(r.why)}\n\n${chalk.bold('Evolve safely instead')}\n${indented(r.fix)}`);
    return ExitCode.ok;
  }
  const { renderTable } = await import('../report/table.js');
  const table = renderTable(
    [{ header: 'rule', wrap: true, minWidth: 20 }, { header: 'what changed', wrap: true, minWidth: 30 }],
    rules.map((r) => [r.judged ? r.id : [{ text: r.id }, { text: '(warn)', style: (s: string) => chalk.yellow(s) }], r.summary]),
    { width: ctx.tableWidth, boldHeader: (s) => chalk.bold(s) },
  );
  ctx.emit(`${table}\n${wrapParagraph(`${rules.length} rules; \`eventctl schema rules <id>\` explains why one breaks and how to evolve safely instead`, ctx.tableWidth)}`);
  return ExitCode.ok;
}
