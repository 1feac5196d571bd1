import { lstatSync } from 'node:fs';
import type { CommandContext } from '../context.js';
import { AbortError, ExitCode, InputError, UsageError } from '../errors.js';
import { deadLettersOf, type DeadLetterOf } from '../manifest/consumer-target.js';
import type { Consumer } from '../manifest/model.js';
import { groupMessages, scanDlq, type InspectScan, type MessageGroup, type Validation } from '../ops/dlq-inspect.js';
import { groupMalformed, groupUnchecked, type MalformedGroup } from '../ops/dlq-malformed.js';
import type { AwsWhere } from '../aws/where.js';
import { closest } from '../text/closest.js';
import { announceWhere, openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { createEventValidator } from './event-validator.js';
import { renderTable, wrapParagraph } from '../report/table.js';
import { requireTextOrJson } from '../report/format-name.js';
import { writeUserFileSync } from '../io/write-user-file.js';
import { onInterrupt } from '../io/interrupt.js';

export interface DlqInspectOptions {
  force?: boolean;
  max?: string;
  waitSeconds?: string;
  export?: string;
  /** Read the consumer's EventBridge target DLQ rather than its queue's DLQ (when it has both). */
  targetDlq?: boolean;
}

export interface DlqInspectReport {
  schemaVersion: 1;
  consumer: string;
  class: string;
  dlq: string;
  /** `queue`: the queue's redrive DLQ; `target`: the EventBridge target DLQ. */
  via: 'queue' | 'target';
  approximateTotal: number;
  seen: number;
  fifo: boolean;
  released: number;
  groups: Array<Omit<MessageGroup, 'key'> & { key: MessageGroup['key'] }>;
  /** Messages per EventBridge ERROR_CODE (target DLQs), largest first; empty for queue DLQs. */
  errorCodes: Array<{ code: string; count: number }>;
  messages: Array<{
    messageId: string;
    receiveCount: number | null;
    sentTimestamp: string | null;
    group: string;
    topic: string | null;
    valid: boolean | null;
    errors: string[];
  }>;
  malformed: number;
  /** The malformed events by topic and first error (array positions generalised), largest first. */
  malformedGroups: MalformedGroup[];
  /** Events no topic of the manifest matches, grouped by topic and reason as malformed ones are. */
  uncheckedGroups: MalformedGroup[];
  /** Where the command read. */
  aws?: AwsWhere;
}

function wholeNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}

/** EventBridge's ERROR_CODE totals over the groups (a code can span several rules, targets or messages). */
export function countErrorCodes(groups: readonly MessageGroup[]): Array<{ code: string; count: number }> {
  const counts = new Map<string, number>();
  for (const g of groups) {
    if (g.key.by !== 'eventbridge-error') continue;
    const code = g.key.errorCode ?? '?';
    counts.set(code, (counts.get(code) ?? 0) + g.count);
  }
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The consumer's queue DLQ, or its target DLQ (asked for, or the only one). */
export function pickDeadLetter(consumer: Consumer, targetDlq: boolean | undefined): DeadLetterOf {
  const all = deadLettersOf(consumer);
  if (all.length === 0) throw new UsageError(`consumer '${consumer.name}' declares no dlq and no target deadLetter`);
  if (!targetDlq) return all[0]!;
  const target = all.find((d) => d.via === 'target');
  if (!target) throw new UsageError(`consumer '${consumer.name}' has no EventBridge target DLQ`, { hint: 'drop --target-dlq to read its queue DLQ' });
  return target;
}

export async function runDlqInspect(ctx: CommandContext, consumerName: string, options: DlqInspectOptions, hooks: LiveAwsOptions = {}): Promise<number> {
  requireTextOrJson(ctx.global.format, 'dlq inspect');
  const maxMessages = wholeNumber(options.max, '--max', 1, 1000);
  const waitTimeSeconds = wholeNumber(options.waitSeconds, '--wait-seconds', 1, 20);
  const loaded = await ctx.loadManifest();
  const consumer = loaded.manifest.consumers.find((c) => c.name === consumerName);
  if (!consumer) {
    const withDlq = loaded.manifest.consumers.filter((c) => deadLettersOf(c).length > 0).map((c) => c.name);
    const guess = closest(consumerName, loaded.manifest.consumers.map((c) => c.name));
    throw new UsageError(`unknown consumer '${consumerName}'`, {
      hint: guess ? `did you mean '${guess}'?` : `consumers with a DLQ: ${withDlq.join(', ')}`,
    });
  }
  const dlq = pickDeadLetter(consumer, options.targetDlq);

  // A pattern the linear-time engine cannot run would leave events unchecked: refuse before reading.
  const { unsupportedSchemaRegexes } = await import('../schema/schema-regexes.js');
  const regexProblems = await unsupportedSchemaRegexes([...loaded.schemas.values()].map((s) => ({ file: s.relativePath, text: s.text, document: s.document })));
  if (regexProblems.length > 0) throw InputError.fromProblems(regexProblems);
  if (options.export && lstatSync(ctx.resolvePath(options.export), { throwIfNoEntry: false })) {
    // Checked before reading the DLQ too, so a taken name costs nothing; the write itself is exclusive.
    throw new UsageError(`export file ${options.export} already exists; eventctl does not overwrite it`, { hint: 'choose a new file name, or remove the old file first' });
  }
  const aws = await openLiveAws(ctx, loaded.manifest, hooks);
  const abort = { aborted: false };
  const stopListening = onInterrupt((signal) => {
    abort.aborted = true;
    ctx.warn(`interrupted (${signal}): making every message read visible again…`);
  });
  let scan: InspectScan;
  let where: AwsWhere;
  let lastProgress = 0;
  try {
    scan = await scanDlq(await aws.ports.sqs(), dlq.name, {
      maxMessages,
      waitTimeSeconds,
      force: options.force,
      signal: abort,
      onWarning: (m) => ctx.warn(m),
      onProgress: (seen, total) => {
        const t = Date.now();
        if (seen > 0 && (lastProgress === 0 || t - lastProgress > 1000)) {
          lastProgress = t;
          ctx.info(`read ${seen} of ~${total}`);
        }
      },
    });
    where = await announceWhere(ctx, aws);
  } finally {
    stopListening();
    aws.close();
  }
  if (scan.releaseFailures.length > 0) {
    ctx.warn(`${scan.releaseFailures.length} receipt(s) could not be released (${scan.releaseFailures[0]!.code}); those messages reappear after ${scan.visibilityTimeoutSeconds}s`);
  }
  if (scan.interrupted) {
    throw new AbortError(`interrupted after reading ${scan.messages.length} message(s); released ${scan.released} receipt(s), the DLQ is as it was`);
  }

  const validate = createEventValidator(loaded);
  const validations = new Map<string, Validation>(scan.messages.map((m) => [m.messageId, validate(m.event ?? m.body)]));
  const groups = groupMessages(scan.messages);
  const groupOf = new Map<string, string>();
  for (const g of groups) for (const id of g.messageIds) groupOf.set(id, g.label);

  if (options.export) {
    const path = ctx.resolvePath(options.export);
    const lines = scan.messages.map((m) => {
      const v = validations.get(m.messageId)!;
      return JSON.stringify({
        messageId: m.messageId,
        receiveCount: m.receiveCount ?? null,
        sentTimestamp: m.sentTimestamp ?? null,
        group: groupOf.get(m.messageId),
        topic: v.topic ?? null,
        valid: v.valid,
        errors: v.errors,
        attributes: m.attributes,
        messageAttributes: m.messageAttributes,
        body: m.event ?? m.body,
      });
    });
    // DLQ bodies may hold personal data: a new file only, owner-only, never through a link.
    writeUserFileSync(path, lines.length ? `${lines.join('\n')}\n` : '', { what: 'export file', shownAs: options.export, exclusive: true, mode: 0o600 });
    ctx.info(`wrote ${lines.length} message(s) to ${options.export}`);
  }

  const messages = scan.messages.map((m) => {
    const v = validations.get(m.messageId)!;
    return {
      messageId: m.messageId,
      receiveCount: m.receiveCount ?? null,
      sentTimestamp: m.sentTimestamp ?? null,
      group: groupOf.get(m.messageId)!,
      topic: v.topic ?? null,
      valid: v.valid,
      errors: v.errors,
    };
  });
  const report: DlqInspectReport = {
    schemaVersion: 1,
    consumer: consumer.name,
    class: consumer.class,
    dlq: dlq.name,
    via: dlq.via,
    approximateTotal: scan.approximateTotal,
    seen: scan.messages.length,
    fifo: scan.fifo,
    released: scan.released,
    groups,
    errorCodes: countErrorCodes(groups),
    messages,
    malformed: messages.filter((m) => m.valid === false).length,
    malformedGroups: groupMalformed(messages),
    uncheckedGroups: groupUnchecked(messages),
    aws: where,
  };
  ctx.emit(renderDlqInspect(ctx, report));
  return ExitCode.ok;
}

export function renderDlqInspect(ctx: Pick<CommandContext, 'global' | 'color'> & { tableWidth?: number }, report: DlqInspectReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  const width = ctx.tableWidth;
  const lines = [
    wrapParagraph(`${report.dlq} (${report.via === 'target' ? 'target DLQ of ' : ''}consumer ${report.consumer}, ${report.class}): saw ${report.seen} of ~${report.approximateTotal} message(s); all released`, width),
    '',
  ];
  const table = (head: string, rows: ReadonlyArray<readonly [number, string]>) =>
    renderTable([{ header: 'COUNT', align: 'right' }, { header: head, wrap: true, minWidth: 20 }], rows.map(([n, label]) => [String(n), label]), {
      width,
      boldHeader: (s) => ctx.color.bold(s),
    });
  if (report.errorCodes.length > 0) {
    lines.push(wrapParagraph(`by error code: ${report.errorCodes.map((e) => `${e.code} ×${e.count}`).join(', ')}`, width), '');
  }
  if (report.groups.length > 0) lines.push(table('GROUP', report.groups.map((g) => [g.count, g.label])), '');
  const malformed = report.malformedGroups;
  if (malformed.length > 0) {
    lines.push(ctx.color.red(`${report.malformed} malformed event(s), by topic and first error:`));
    lines.push(table('TOPIC: ERROR', malformed.map((g) => [g.count, `${g.topic ?? '(unknown topic)'}: ${g.reason}`])));
  }
  const unchecked = report.uncheckedGroups;
  if (unchecked.length > 0) {
    if (malformed.length > 0) lines.push('');
    const total = unchecked.reduce((n, g) => n + g.count, 0);
    lines.push(ctx.color.yellow(`${total} event(s) not checked, by topic and reason:`));
    lines.push(table('TOPIC: REASON', unchecked.map((g) => [g.count, `${g.topic ?? '(no topic)'}: ${g.reason}`])));
  }
  if (report.seen > 0 && malformed.length === 0 && unchecked.length === 0) {
    lines.push(ctx.color.green('every event matches its topic schema'));
  }
  return lines.join('\n');
}
