import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { closest } from '../text/closest.js';
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
    ctx.emit(`${chalk.bold(r.id)}${r.judged ? '' : chalk.yellow(' (cannot be judged: reported as a warning)')}\n  ${r.summary}\n\n${chalk.bold('Why')}\n  ${r.why}\n\n${chalk.bold('Evolve safely instead')}\n  ${r.fix}`);
    return ExitCode.ok;
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['rule', 'what changed'],
    style: { head: chalk.level > 0 ? ['bold'] : [], border: chalk.level > 0 ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [40, 90],
  });
  for (const r of rules) table.push([r.judged ? r.id : `${r.id} ${chalk.yellow('(warn)')}`, r.summary]);
  ctx.emit(`${table.toString()}\n${rules.length} rules; \`eventctl schema rules <id>\` explains why one breaks and how to evolve safely instead`);
  return ExitCode.ok;
}
