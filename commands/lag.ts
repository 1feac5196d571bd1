import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'lag',
  summary: 'per-consumer backlog, age of oldest message, DLQ depth, status and drain ETA',
  description:
    'For each consumer (all, or the ones named): visible, in-flight and delayed counts from SQS, age of oldest message and sent/received/deleted from CloudWatch (one GetMetricData per 500 queries), a Burrow-style status (OK, WARN, STALL, STOP, ERR), drain ETA and the age of the newest datapoint. Warns when the oldest message of a queue or DLQ nears MessageRetentionPeriod (messages about to be deleted unprocessed). --format openmetrics writes gauges for a textfile collector or Pushgateway. Exit 1 when a consumer breaches its manifest SLO (lag.maxAgeSeconds, lag.maxDepth).',
  arguments: [{ name: 'consumer', description: 'consumers to show (default: all with a queue)', variadic: true }],
  options: [
    { flags: '--watch', description: 'redraw in place on a terminal until Ctrl-C' },
    { flags: '--interval <seconds>', description: 'refresh interval for --watch', default: '10' },
    { flags: '--window <seconds>', description: 'metrics window (Burrow-style: 10 one-minute intervals)', default: '600' },
    { flags: '--concurrency <n>', description: 'parallel SQS calls', default: '16' },
    { flags: '--class <class>', description: 'only consumers of this class', choices: ['operational', 'projection', 'workflow'] },
    { flags: '--owner <team>', description: 'only consumers this team owns' },
  ],
  aws: true,
  formats: ['openmetrics'],
  examples: ['eventctl lag', 'eventctl lag --format openmetrics -o /var/lib/node_exporter/eventctl.prom', 'eventctl lag billing-charge --format json', 'eventctl lag --watch --interval 5', 'eventctl lag --class operational --owner team-payments'],
  async run(ctx, args, options) {
    const { runLag } = await import('../src/live/lag-run.js');
    return runLag(ctx, args, options);
  },
});
