import type { CommandContext } from '../context.js';
import { ExitCode } from '../errors.js';
import { packageVersion } from '../version.js';
import { failsAt, type Report } from './finding.js';
import { loadFormatter } from './formatters/index.js';

/** Formats a report in the chosen --format, writes it, and returns 1 when --fail-on is reached. */
export async function renderReport(ctx: CommandContext, report: Report): Promise<number> {
  const formatter = await loadFormatter(ctx.global.format);
  ctx.emit(formatter(report, { chalk: ctx.color, failOn: ctx.global.failOn, toolVersion: packageVersion(), width: ctx.tableWidth }));
  return failsAt(report.findings, ctx.global.failOn) ? ExitCode.findings : ExitCode.ok;
}
