import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { deadLettersOf } from '../manifest/consumer-target.js';
import { listDlqs, type DlqListReport } from '../ops/dlq-list.js';
import { openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { formatDuration, plainTable } from './plain-table.js';

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
    const report = await listDlqs({ sqs: await aws.ports.sqs(), cloudWatch: await aws.ports.cloudWatch() }, loaded.manifest, { now: ctx.now() });
    ctx.emit(renderDlqList(ctx, report));
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}

export function renderDlqList(ctx: Pick<CommandContext, 'global' | 'color'>, report: DlqListReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  const head = ['DLQ', 'CONSUMER', 'CLASS', 'FED BY', 'DEPTH', 'IN-FLIGHT', 'OLDEST', 'DATA-AGE'];
  const rows = report.dlqs.map((d) => [
    d.dlq,
    d.consumers.map((c) => c.name).join(','),
    [...new Set(d.consumers.map((c) => c.class))].join(','),
    d.via === 'queue' ? 'queue' : `${d.kind} target`,
    String(d.depth),
    String(d.inFlight),
    formatDuration(d.oldestAgeSeconds),
    formatDuration(d.dataAgeSeconds),
  ]);
  if (ctx.global.format === 'markdown') {
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  }
  const nonEmpty = report.dlqs.filter((d) => d.depth > 0).length;
  return `${plainTable(head, rows, new Set([4, 5]))}\n\n${ctx.color.dim(`${report.totalMessages} message(s) in ${nonEmpty} of ${report.dlqs.length} DLQ(s)`)}`;
}
