import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { isCi } from '../io/terminal.js';
import { collectLag, lagTargets, worstStatus, type ConsumerLag, type LagReport } from '../ops/lag.js';
import type { LagStatus } from '../ops/lag-status.js';
import { KINDS_WITHOUT_CONSUMER_METRIC } from '../ops/push-lag-status.js';
import { openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { formatDuration, plainTable } from './plain-table.js';

export interface LagCommandOptions {
  watch?: boolean;
  interval?: string;
  window?: string;
  concurrency?: string;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
  return n;
}

export async function runLag(
  ctx: CommandContext,
  names: readonly string[],
  options: LagCommandOptions,
  hooks: LiveAwsOptions = {},
): Promise<number> {
  const format = ctx.global.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`lag prints text, json or markdown, not ${format}`);
  }
  const intervalSeconds = positiveInt(options.interval, '--interval', 10);
  const windowSeconds = positiveInt(options.window, '--window', 600);
  const concurrency = positiveInt(options.concurrency, '--concurrency', 16);
  const loaded = await ctx.loadManifest();
  const { targets, push, unknown, withoutQueue } = lagTargets(loaded.manifest, names);
  if (unknown.length > 0) {
    throw new UsageError(`unknown consumer${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hint: `consumers in ${loaded.relativeFile}: ${loaded.manifest.consumers.map((c) => c.name).join(', ')}`,
    });
  }
  for (const name of withoutQueue) ctx.info(`${name}: no queue, target or stream declared; skipped`);
  if (targets.length === 0 && push.length === 0) throw new UsageError('no consumer with a queue, target or stream to measure');

  const { openFanOut } = await import('./fanout.js');
  const fan = await openFanOut(ctx, loaded, hooks);
  if (fan) {
    try {
      if (options.watch) ctx.warn('--watch reads one account; with an environment lag prints once');
      const { collectLagAcrossAccounts, renderLagAcrossAccounts, lagFanOutExitCode } = await import('./lag-fanout.js');
      const report = await collectLagAcrossAccounts(fan, names, { now: ctx.now(), windowSeconds, concurrency });
      ctx.emit(renderLagAcrossAccounts(ctx, report));
      return lagFanOutExitCode(report);
    } finally {
      fan.close();
    }
  }

  const aws = await openLiveAws(ctx, loaded.manifest, hooks);
  try {
    // AWS/States metrics are keyed by state machine ARN: one paged ListStateMachines, only when needed.
    const stateMachineArns = push.some((t) => t.kind === 'stepfunctions')
      ? new Map([...(await (await aws.ports.stepFunctions()).listStateMachines())].map(([name, m]) => [name, m.arn]))
      : new Map<string, string>();
    const measure = async () =>
      collectLag(
        { sqs: await aws.ports.sqs(), cloudWatch: await aws.ports.cloudWatch() },
        targets,
        { now: ctx.now(), windowSeconds, concurrency },
        { targets: push, stateMachineArns },
      );
    const canRedraw = ctx.io.stdoutIsTTY && !isCi(ctx.env) && !ctx.global.output && format === 'text';
    if (!options.watch || !canRedraw) {
      if (options.watch) ctx.warn('--watch needs an interactive terminal on stdout; printing once');
      const report = await measure();
      ctx.emit(renderLag(ctx, report));
      return report.sloBreached ? ExitCode.findings : ExitCode.ok;
    }
    return await watch(ctx, measure, intervalSeconds);
  } finally {
    aws.close();
  }
}

/** Redraws in place until Ctrl-C; the exit code is the last measurement's. */
async function watch(ctx: CommandContext, measure: () => Promise<LagReport>, intervalSeconds: number): Promise<number> {
  let stopped = false;
  let wake: () => void = () => {};
  const onSigint = () => {
    stopped = true;
    wake();
  };
  process.on('SIGINT', onSigint);
  let code: number = ExitCode.ok;
  try {
    while (!stopped) {
      const report = await measure();
      code = report.sloBreached ? ExitCode.findings : ExitCode.ok;
      const footer = ctx.color.dim(`\nrefreshing every ${intervalSeconds}s — Ctrl-C to stop`);
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
    process.off('SIGINT', onSigint);
  }
  return code;
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

export function renderLag(ctx: Pick<CommandContext, 'color' | 'global'>, report: LagReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  const head = ['CONSUMER', 'CLASS', 'KIND', 'STATUS', 'VISIBLE', 'IN-FLIGHT', 'DELAYED', 'OLDEST', 'DLQ', 'ETA', 'DATA-AGE'];
  const cells = (c: ConsumerLag, paint: boolean) => [
    c.consumer,
    c.class,
    KIND_LABEL[c.kind],
    paint ? ctx.color[STATUS_COLOR[c.status]](c.status) : c.status,
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
    const rows = report.consumers.map((c) => `| ${cells(c, false).join(' | ')} |`);
    return [
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows,
      '',
      ...notes.map((n) => `- ${n}`),
    ].join('\n');
  }
  const table = plainTable(head, report.consumers.map((c) => cells(c, true)), new Set([4, 5, 6, 8]));
  const summary = `${report.consumers.length} consumer(s), worst ${worst}${report.sloBreached ? ', SLO breached' : ''}; window ${report.window.start} → ${report.window.end}`;
  return [table, '', ...notes, ctx.color.dim(summary)].join('\n');
}
