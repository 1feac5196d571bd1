import type { CommandContext } from '../context.js';
import type { AwsWhere } from '../aws/where.js';
import { ExitCode, RemoteError, UsageError } from '../errors.js';
import { closest } from '../text/closest.js';
import { isCi } from '../io/terminal.js';
import { onInterrupt } from '../io/interrupt.js';
import { collectLag, lagTargets, worstStatus, type ConsumerLag, type LagReport } from '../ops/lag.js';
import type { LagStatus } from '../ops/lag-status.js';
import { renderLagOpenMetrics } from '../ops/lag-openmetrics.js';
import { KINDS_WITHOUT_CONSUMER_METRIC } from '../ops/push-lag-status.js';
import { stateMachineArnsFor } from './state-machine-arns.js';
import { describeWhereLine, noneExistMessage, openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { renderTable, wrapParagraph, type TableColumn } from '../report/table.js';
import { formatDuration } from '../text/format-duration.js';

export interface LagCommandOptions {
  watch?: boolean;
  interval?: string;
  window?: string;
  concurrency?: string;
  class?: string;
  owner?: string;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
  return n;
}

/** A lag report as printed: the measurement plus where it was read. */
export type LagOutput = LagReport & { aws?: AwsWhere };

export async function runLag(
  ctx: CommandContext,
  names: readonly string[],
  options: LagCommandOptions,
  hooks: LiveAwsOptions = {},
): Promise<number> {
  const format = ctx.global.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown' && format !== 'openmetrics') {
    throw new UsageError(`lag prints text, json, markdown or openmetrics, not ${format}`);
  }
  const intervalSeconds = positiveInt(options.interval, '--interval', 10);
  const windowSeconds = positiveInt(options.window, '--window', 600);
  const concurrency = positiveInt(options.concurrency, '--concurrency', 16);
  const loaded = await ctx.loadManifest();
  const { manifest } = loaded;
  const { targets: all, push: allPush, unknown, withoutQueue } = lagTargets(manifest, names);
  if (unknown.length > 0) {
    const known = manifest.consumers.map((c) => c.name);
    const guesses = unknown.flatMap((n) => {
      const guess = closest(n, known);
      return guess ? [`'${n}' → '${guess}'`] : [];
    });
    throw new UsageError(`unknown consumer${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hint: guesses.length > 0 ? `did you mean ${guesses.join(', ')}?` : `consumers in ${loaded.relativeFile}: ${known.join(', ')}`,
    });
  }
  const owners = new Map(manifest.consumers.map((c) => [c.name, c.owner]));
  const chosen = (t: { consumer: string; class: string }) =>
    (options.class === undefined || t.class === options.class) && (options.owner === undefined || owners.get(t.consumer) === options.owner);
  const targets = all.filter(chosen);
  const push = allPush.filter(chosen);
  if (options.owner !== undefined && targets.length === 0 && push.length === 0) {
    const known = [...new Set(manifest.consumers.flatMap((c) => (c.owner ? [c.owner] : [])))].sort();
    const guess = closest(options.owner, known);
    throw new UsageError(`no consumer with a queue is owned by '${options.owner}'${options.class ? ` with class ${options.class}` : ''}`, {
      hint: guess ? `did you mean --owner ${guess}?` : `owners: ${known.join(', ') || '(none declared)'}`,
    });
  }
  for (const name of withoutQueue) ctx.info(`${name}: no queue, target or stream declared; skipped`);
  if (targets.length === 0 && push.length === 0) throw new UsageError(`no consumer with a queue, target or stream to measure${options.class ? ` in class ${options.class}` : ''}`);

  const { openFanOut } = await import('./fanout.js');
  const fan = await openFanOut(ctx, loaded, hooks);
  if (fan) {
    try {
      if (options.watch) ctx.warn('--watch reads one account; with an environment lag prints once');
      const { collectLagAcrossAccounts, renderLagAcrossAccounts, lagFanOutExitCode } = await import('./lag-fanout.js');
      const report = await collectLagAcrossAccounts(fan, names, { now: ctx.now(), windowSeconds, concurrency, chosen });
      ctx.emit(renderLagAcrossAccounts(ctx, report));
      return lagFanOutExitCode(report);
    } finally {
      fan.close();
    }
  }

  const aws = await openLiveAws(ctx, manifest, hooks);
  try {
    const stateMachineArns = await stateMachineArnsFor(push, aws.ports);
    const measure = async (): Promise<LagOutput> => {
      const report = await collectLag(
        { sqs: await aws.ports.sqs(), cloudWatch: await aws.ports.cloudWatch() },
        targets,
        { now: ctx.now(), windowSeconds, concurrency },
        { targets: push, stateMachineArns },
      );
      return { ...report, aws: await aws.where() };
    };
    const canRedraw = ctx.io.stdoutIsTTY && !isCi(ctx.env) && !ctx.global.output && format === 'text';
    if (!options.watch || !canRedraw) {
      if (options.watch) ctx.warn('--watch needs an interactive terminal on stdout; printing once');
      const report = await measure();
      for (const c of report.consumers) for (const w of c.retentionWarnings) ctx.warn(`${c.consumer}: ${w}`);
      ctx.info(ctx.errColor.dim(describeWhereLine(report.aws!)));
      ctx.emit(renderLag(ctx, report));
      if (report.queuesChecked > 0 && report.missingQueues.length === report.queuesChecked) {
        throw new RemoteError(noneExistMessage(report.aws!, report.queuesChecked, 'queues'), {
          hint: 'pass --region/--profile (or set aws.region in the manifest) for the account that holds them',
        });
      }
      return report.sloBreached ? ExitCode.findings : ExitCode.ok;
    }
    return await watch(ctx, measure, intervalSeconds);
  } finally {
    aws.close();
  }
}

/** Redraws in place until Ctrl-C; the exit code is the last measurement's. */
async function watch(ctx: CommandContext, measure: () => Promise<LagOutput>, intervalSeconds: number): Promise<number> {
  let stopped = false;
  let wake: () => void = () => {};
  const onInterruptSignal = () => {
    stopped = true;
    wake();
  };
  const stopListening = onInterrupt(onInterruptSignal);
  let code: number = ExitCode.ok;
  try {
    while (!stopped) {
      const report = await measure();
      code = report.sloBreached ? ExitCode.findings : ExitCode.ok;
      const footer = ctx.color.dim(`\n${watchFooter(ctx.now(), intervalSeconds)}\n${describeWhereLine(report.aws!)}`);
      // Home + clear screen, then the table: one write so the frame never flickers half-drawn.
      ctx.io.writeStdout(`\x1b[H\x1b[2J${renderLag(ctx, report)}\n${footer}\n`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalSeconds * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    stopListening();
  }
  return code;
}

/** `last refreshed 14:03:07 UTC, every 10s — Ctrl-C to stop`: on-call needs to see the frame is live. */
export function watchFooter(refreshedAt: Date, intervalSeconds: number): string {
  return `last refreshed ${refreshedAt.toISOString().slice(11, 19)} UTC, every ${intervalSeconds}s — Ctrl-C to stop`;
}

const STATUS_COLOR: Record<LagStatus, 'green' | 'yellow' | 'magenta' | 'red'> = {
  OK: 'green',
  WARN: 'yellow',
  STALL: 'magenta',
  STOP: 'red',
  ERR: 'red',
};

/** Short enough to keep the table near 80 columns. */
const KIND_LABEL: Record<ConsumerLag['kind'], string> = {
  sqs: 'sqs',
  lambda: 'lambda',
  stepfunctions: 'sfn',
  kinesis: 'kinesis',
  sns: 'sns',
  'api-destination': 'api',
  eventbus: 'bus',
  stream: 'stream',
};

export function renderLag(ctx: Pick<CommandContext, 'color' | 'global'> & { tableWidth?: number }, report: LagOutput): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  if (ctx.global.format === 'openmetrics') return renderLagOpenMetrics(report);
  const columns: TableColumn[] = [
    { header: 'CONSUMER', wrap: true, minWidth: 12 },
    { header: 'CLASS', drop: 2 },
    { header: 'KIND', drop: 5 },
    { header: 'STATUS', style: (s) => ctx.color[STATUS_COLOR[s as LagStatus] ?? 'red'](s) },
    { header: 'VISIBLE', align: 'right' },
    { header: 'IN-FLIGHT', align: 'right', drop: 3 },
    { header: 'DELAYED', align: 'right', drop: 4 },
    { header: 'OLDEST', align: 'right' },
    { header: 'DLQ', align: 'right' },
    { header: 'ETA', align: 'right' },
    { header: 'DATA-AGE', align: 'right', drop: 1 },
  ];
  const head = columns.map((c) => c.header);
  const cells = (c: ConsumerLag) => [
    c.consumer,
    c.class,
    KIND_LABEL[c.kind],
    c.status,
    c.visible === null ? '-' : String(c.visible),
    c.inFlight === null ? '-' : String(c.inFlight),
    c.delayed === null ? '-' : String(c.delayed),
    formatDuration(c.ageOfOldestSeconds),
    c.dlqDepth === null ? '-' : String(c.dlqDepth),
    c.drainEtaSeconds === null ? ((c.visible ?? 0) > 0 ? 'never' : '-') : formatDuration(c.drainEtaSeconds),
    formatDuration(c.newestDatapointAgeSeconds),
  ];
  const notes = report.consumers
    .filter((c) => c.status !== 'OK' || c.sloBreaches.length > 0 || KINDS_WITHOUT_CONSUMER_METRIC.has(c.kind as never))
    .map((c) => `${c.consumer}: ${c.reasons.join('; ')}`);
  const worst = worstStatus(report);
  if (ctx.global.format === 'markdown') {
    const rows = report.consumers.map((c) => `| ${cells(c).join(' | ')} |`);
    return [
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows,
      '',
      ...notes.map((n) => `- ${n}`),
    ].join('\n');
  }
  const width = ctx.tableWidth;
  const table = renderTable(columns, report.consumers.map(cells), { width, boldHeader: (s) => ctx.color.bold(s) });
  const summary = `${report.consumers.length} consumer(s), worst ${worst}${report.sloBreached ? ', SLO breached' : ''}; window ${report.window.start} → ${report.window.end}`;
  return [table, '', ...notes.map((n) => wrapParagraph(n, width)), ctx.color.dim(wrapParagraph(summary, width))].join('\n');
}
