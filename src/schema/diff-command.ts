import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import type { Finding, Report, Severity } from '../report/finding.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';
import { wrapParagraph } from '../text/wrap.js';
import type { SchemaBundle } from './bundle.js';
import { loadSchemaFile } from './files.js';
import { MODES, POLICIES, type DiffResult, type Mode, type Policy } from './model.js';
import { diffSchemas } from './modes.js';
import { ruleDescriptor } from './rules.js';

export interface DiffOptions {
  mode?: string;
  policy?: string;
}

export function parseMode(value: string | undefined, fallback: Mode = 'BACKWARD'): Mode {
  const mode = (value ?? fallback).toUpperCase() as Mode;
  if (!MODES.includes(mode)) throw new UsageError(`unknown --mode '${value}'`, { hint: `use one of: ${MODES.join(', ')}` });
  return mode;
}

export function parsePolicy(value: string | undefined, fallback: Policy = 'strict'): Policy {
  const policy = (value ?? fallback).toLowerCase() as Policy;
  if (!POLICIES.includes(policy)) throw new UsageError(`unknown --policy '${value}'`, { hint: 'use strict or lenient' });
  return policy;
}

/** `eventctl schema diff <old> <new>`: exit 1 when the change is incompatible under the mode. */
export async function schemaDiffCommand(ctx: CommandContext, oldFile: string, newFile: string, options: DiffOptions): Promise<number> {
  const mode = parseMode(options.mode);
  const policy = parsePolicy(options.policy);
  const oldSchema = await loadSchemaFile(oldFile, ctx.cwd);
  const newSchema = await loadSchemaFile(newFile, ctx.cwd);
  const result = diffSchemas(oldSchema, newSchema, { mode, policy });
  const exit = result.compatible ? ExitCode.ok : ExitCode.findings;
  const format = ctx.global.format;
  if (format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, compatible: result.compatible, mode, policy, changes: result.changes }, null, 2));
  } else if (format === 'text') {
    ctx.emit(await diffTable(ctx, result, oldFile, newFile));
  } else {
    const { renderReport } = await import('../report/render.js');
    await renderReport(ctx, diffReport(result, newFile, newSchema, oldFile));
  }
  return exit;
}

/** The changes as findings (for markdown, sarif, junit, github): located on lines of the new file. */
export function diffReport(result: DiffResult, newFile: string, newSchema: SchemaBundle, oldFile: string): Report {
  const positions = jsonPointerPositions(newSchema.entry.text);
  const findings: Finding[] = result.changes.map((change) => ({
    rule: change.rule,
    severity: change.severity,
    message: change.message,
    subject: { kind: 'schema', name: newFile },
    location: { file: newFile, ...locateInJson(positions, change.path) },
    path: change.path,
  }));
  const ids = [...new Set(result.changes.map((c) => c.rule))];
  return {
    command: 'schema diff',
    findings,
    rules: ids.map((id) => ruleDescriptor(id)),
    extra: { compatible: result.compatible, mode: result.mode, policy: result.policy, old: oldFile, new: newFile },
  };
}

async function diffTable(ctx: CommandContext, result: DiffResult, oldFile: string, newFile: string): Promise<string> {
  const chalk = ctx.color;
  const verdict = result.compatible
    ? chalk.green(`✔ compatible under ${result.mode} (${result.policy})`)
    : chalk.red.bold(`✗ incompatible under ${result.mode} (${result.policy})`);
  const header = wrapParagraph(`${oldFile} → ${newFile}: ${verdict}`, ctx.tableWidth);
  if (result.changes.length === 0) return `${header}\nno changes`;
  const { renderTable } = await import('../report/table.js');
  const paint: Record<Severity, (s: string) => string> = {
    error: (s) => chalk.red.bold(s),
    warn: (s) => chalk.yellow(s),
    info: (s) => chalk.cyan(s),
  };
  const mark = (breaks: boolean) => [{ text: breaks ? 'breaks' : 'ok', style: breaks ? (s: string) => chalk.red(s) : (s: string) => chalk.green(s) }];
  const table = renderTable(
    [
      { header: 'severity' },
      { header: 'rule', wrap: true, minWidth: 14 },
      { header: 'path', wrap: true, minWidth: 12 },
      { header: 'backward', drop: 1 },
      { header: 'forward', drop: 2 },
      { header: 'message', wrap: true, minWidth: 24 },
    ],
    result.changes.map((c) => [[{ text: c.severity, style: paint[c.severity] }], c.rule, c.path || '/', mark(c.backward), mark(c.forward), c.message]),
    { width: ctx.tableWidth, boldHeader: (s) => chalk.bold(s) },
  );
  const errors = result.changes.filter((c) => c.severity === 'error').length;
  const warns = result.changes.filter((c) => c.severity === 'warn').length;
  return `${header}\n${table}\n${wrapParagraph(`${result.changes.length} change${result.changes.length === 1 ? '' : 's'}: ${paint.error(`${errors} breaking`)}, ${paint.warn(`${warns} to review`)}; see \`eventctl schema rules <rule>\` for how to evolve safely`, ctx.tableWidth)}`;
}
