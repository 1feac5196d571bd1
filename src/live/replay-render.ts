import type { ChalkInstance } from 'chalk';
import { executionName, type Plan } from '../approval/plan.js';
import { toInstant } from '../approval/instant.js';
import type { ReplayDescription } from '../aws/eventbridge-replay.js';
import { progressBar, replayProgress } from '../ops/replay/progress.js';

/** What `replay run` and `replay status` print: the replay as AWS echoes it, next to the plan. Pure. */
export interface ReplayView {
  schemaVersion: 1;
  name: string;
  arn?: string;
  state: string;
  stateReason?: string;
  planId?: string;
  archiveArn?: string;
  busArn?: string;
  filterArns: string[];
  targets?: Array<{ consumer: string; class: string; ruleArn?: string }>;
  window?: { start: string; end: string };
  eventLastReplayedTime?: string;
  replayStartTime?: string;
  replayEndTime?: string;
  /** 0..1 when known. */
  progress?: number;
}

const iso = (d: Date | undefined) => (d ? toInstant(d) : undefined);

export function replayView(plan: Plan | undefined, d: ReplayDescription | undefined, now = new Date()): ReplayView {
  const window =
    d?.eventStartTime && d.eventEndTime ? { start: toInstant(d.eventStartTime), end: toInstant(d.eventEndTime) } : plan?.window ? { ...plan.window } : undefined;
  const progress = d && window ? replayProgress(d, window, now).fraction : undefined;
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    schemaVersion: 1,
    name: d?.name ?? (plan ? executionName(plan) : ''),
    ...optional('arn', d?.arn),
    state: d?.state ?? 'NOT_STARTED',
    ...optional('stateReason', d?.stateReason),
    ...optional('planId', plan?.planId),
    ...optional('archiveArn', d?.eventSourceArn ?? plan?.archiveArn),
    ...optional('busArn', d?.destinationArn ?? plan?.eventBusArn),
    filterArns: d ? [...d.filterArns] : (plan?.targets.map((t) => t.ruleArn ?? '') ?? []),
    ...optional('targets', plan?.targets.map((t) => ({ consumer: t.consumer, class: t.class, ...(t.ruleArn ? { ruleArn: t.ruleArn } : {}) }))),
    ...optional('window', window),
    ...optional('eventLastReplayedTime', iso(d?.eventLastReplayedTime)),
    ...optional('replayStartTime', iso(d?.replayStartTime)),
    ...optional('replayEndTime', iso(d?.replayEndTime)),
    ...optional('progress', progress),
  };
}

export function renderReplay(view: ReplayView, chalk: ChalkInstance, heading: string): string {
  const state =
    view.state === 'COMPLETED' ? chalk.green(view.state) : view.state === 'FAILED' || view.state === 'CANCELLED' ? chalk.red(view.state) : chalk.yellow(view.state);
  const lines = [`${chalk.bold(`replay ${view.name}`)} ${heading === 'about to start' ? chalk.dim(heading) : state}`];
  if (view.arn) lines.push(`  arn        ${view.arn}`);
  if (view.stateReason) lines.push(`  reason     ${view.stateReason}`);
  if (view.planId) lines.push(`  plan       ${view.planId}`);
  if (view.archiveArn) lines.push(`  archive    ${view.archiveArn}`);
  if (view.busArn) lines.push(`  bus        ${view.busArn}`);
  if (view.window) lines.push(`  window     ${view.window.start} → ${view.window.end}`);
  if (view.targets) {
    lines.push('  rules      (FilterArns; nothing else on the bus receives the replay)');
    for (const t of view.targets) lines.push(`    - ${t.consumer} [${t.class === 'projection' ? chalk.green(t.class) : chalk.red(t.class)}] ${t.ruleArn ?? ''}`);
  } else {
    for (const arn of view.filterArns) lines.push(`    - ${arn}`);
  }
  if (heading !== 'about to start') {
    lines.push(`  progress   ${progressBar(view.progress)}${view.eventLastReplayedTime ? ` (last event ${view.eventLastReplayedTime})` : ''}`);
    if (view.replayStartTime) lines.push(`  started    ${view.replayStartTime}`);
    if (view.replayEndTime) lines.push(`  ended      ${view.replayEndTime}`);
  }
  return lines.join('\n');
}
