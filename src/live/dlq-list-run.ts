import type { CommandContext } from '../context.js';
import { ExitCode, RemoteError, UsageError } from '../errors.js';
import { deadLettersOf } from '../manifest/consumer-target.js';
import { listDlqs, type DlqListReport } from '../ops/dlq-list.js';
import { announceWhere, noneExistMessage, openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { renderTable, wrapParagraph, type TableColumn } from '../report/table.js';
import { formatDuration } from '../text/format-duration.js';

export async function runDlqList(ctx: CommandContext, hooks: LiveAwsOptions = {}): Promise<number> {
  const format = ctx.global.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`dlq list prints text, json or markdown, not ${format}`);
  const loaded = await ctx.loadManifest();
  if (!loaded.manifest.consumers.some((c) => deadLettersOf(c).length > 0)) throw new UsageError('no consumer in the manifest declares a dlq or a target deadLetter');
  const { openFanOut } = await import('./fanout.js');
  const fan = await openFanOut(ctx, loaded, hooks);
  if (fan) {
    try {
      const { listDlqsAcrossAccounts, renderDlqListAcrossAccounts, dlqFanOutExitCode } = await import('./dlq-list-fanout.js');
      const report = await listDlqsAcrossAccounts(fan, ctx.now());
      ctx.emit(renderDlqListAcrossAccounts(ctx, report));
      return dlqFanOutExitCode(report);
    } finally {
      fan.close();
    }
  }
  const aws = await openLiveAws(ctx, loaded.manifest, hooks);
  try {
    const listed = await listDlqs({ sqs: await aws.ports.sqs(), cloudWatch: await aws.ports.cloudWatch() }, loaded.manifest, { now: ctx.now() });
    const where = await announceWhere(ctx, aws);
    const report = { ...listed, aws: where };
    ctx.emit(renderDlqList(ctx, report));
    if (report.missing.length > 0 && report.missing.length === report.dlqs.length) {
      throw new RemoteError(noneExistMessage(where, report.dlqs.length, 'DLQs'), {
        hint: 'pass --region/--profile (or set aws.region in the manifest) for the account that holds them',
      });
    }
    for (const name of report.missing) ctx.warn(`DLQ ${name} does not exist in ${where.account ?? 'this account'} / ${where.region ?? 'the default region'}`);
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}

export function renderDlqList(ctx: Pick<CommandContext, 'global' | 'color'> & { tableWidth?: number }, report: DlqListReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  const columns: TableColumn[] = [
    { header: 'DLQ', wrap: true, minWidth: 16 },
    { header: 'CONSUMER', wrap: true, minWidth: 12 },
    { header: 'CLASS', wrap: true, minWidth: 11, drop: 2 },
    { header: 'FED BY', wrap: true, minWidth: 8, drop: 4 },
    { header: 'DEPTH', align: 'right' },
    { header: 'IN-FLIGHT', align: 'right', drop: 3 },
    { header: 'OLDEST', align: 'right' },
    { header: 'DATA-AGE', align: 'right', drop: 1 },
  ];
  const head = columns.map((c) => c.header);
  const rows = report.dlqs.map((d) => [
    d.dlq,
    d.consumers.map((c) => c.name).join(','),
    [...new Set(d.consumers.map((c) => c.class))].join(','),
    d.via === 'queue' ? 'queue' : `${d.kind} target`,
    d.depth === null ? 'missing' : String(d.depth),
    d.inFlight === null ? '-' : String(d.inFlight),
    formatDuration(d.oldestAgeSeconds),
    formatDuration(d.dataAgeSeconds),
  ]);
  if (ctx.global.format === 'markdown') {
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  }
  const nonEmpty = report.dlqs.filter((d) => (d.depth ?? 0) > 0).length;
  const table = renderTable(columns, rows, { width: ctx.tableWidth, boldHeader: (s) => ctx.color.bold(s) });
  return `${table}\n\n${ctx.color.dim(wrapParagraph(`${report.totalMessages} message(s) in ${nonEmpty} of ${report.dlqs.length} DLQ(s)`, ctx.tableWidth))}`;
}
