import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan, PlanArtifact } from '../../approval/plan.js';
import type { ClientPlugin } from '../../aws/clients.js';
import type { MessageMoveTaskPort } from '../../aws/sqs-move-tasks.js';
import type { CommandContext } from '../../context.js';
import { AbortError, ExitCode, RefusedError, UsageError } from '../../errors.js';
import { targetOf, type ResolvedTarget } from '../../manifest/consumer-target.js';
import type { Consumer, ConsumerClass, Manifest } from '../../manifest/model.js';
import { onInterrupt, type InterruptSignal } from '../../io/interrupt.js';
import { environmentAsked } from '../environment.js';
import { parseFilter } from './filter.js';
import { openRedriveJournal, readRedriveJournal, redriveJournalPath } from './journal-file.js';
import { moveMessages, visibilityForBatch, type MoveResult } from './mover.js';
import { progressWriter } from './progress.js';
import { tokenBucket } from './rate-limiter.js';
import {
  accountOfQueueUrl,
  checkRedrivePlan,
  FILTER_FILE,
  journalForVerification,
  planFilters,
  planJournalKey,
  redrivePlanInput,
} from './redrive-plan.js';
import { expiredPlanTags, planTag, planTagKey, spentPlanTag } from './plan-tag.js';
import { moveWithTask, serverSideEligible, type ServerMoveResult } from './server-mover.js';
import { requireTextOrJson } from '../../report/format-name.js';
import { wrapCommand, wrapHanging } from '../../text/wrap.js';

/**
 * `eventctl dlq redrive`: the I/O edge around the pure planning, the journal and the movers.
 *   <consumer> --plan-out DIR   write a signed-approval plan (any class)
 *   --plan DIR                  verify offline (policy from the protected git ref), then move
 *   <consumer>                  projection only: confirm (or --yes), then move
 * A refusal (exit 3) happens before any AWS write.
 */
export interface RedriveCommandOptions {
  plan?: string;
  planOut?: string;
  yes?: boolean;
  dryRun?: boolean;
  filter?: string[];
  keep?: boolean;
  rate?: string;
  concurrency?: string;
  maxMessages?: string;
  serverSide?: boolean;
  requester?: string;
  reason?: string;
  policyRef?: string;
  wait?: string;
  visibilityTimeout?: string;
  emptyPolls?: string;
  ttl?: string;
  force?: boolean;
  /** Redrive the consumer's EventBridge target DLQ back to its target (the default without a queue DLQ). */
  targetDlq?: boolean;
}

/** Test and benchmark hooks; the command passes nothing. */
export interface RedriveHooks {
  plugins?: readonly ClientPlugin[];
  maxAttempts?: number;
  /** Replaces SIGINT/SIGTERM/SIGHUP handling. */
  signal?: { readonly aborted: boolean };
  moveTaskPort?: MessageMoveTaskPort;
  serverPollIntervalMs?: number;
}

/** The command's JSON report: the mover's counts (without its internal batch count) plus the run's identity. */
export interface RedriveReport extends Omit<MoveResult, 'batches'> {
  schemaVersion: 1;
  consumer: string;
  class: ConsumerClass;
  dlq: string;
  /** The queue, or for a target DLQ the target it was delivered to, in words. */
  queue: string;
  /** Target DLQs: the one target re-delivered to. */
  target?: { kind: string; resource: string };
  mode: 'client-side' | 'server-side';
  runId?: string;
  planId?: string;
  filters: string[];
  keep: boolean;
  serverTask?: ServerMoveResult;
  durationSeconds: number;
  journal?: string;
}

function count(value: string | undefined, flag: string, fallback: number | undefined, min = 1): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag} must be a number ≥ ${min}, got '${value}'`);
  return n;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Clients where a redrive acts under an environment: its plan's one place, else the consumer's account in --region. */
async function openEnvironmentAws(ctx: CommandContext, manifest: Manifest, envName: string, plan: Plan | undefined, consumer: Consumer, hooks: RedriveHooks) {
  const { consumerPlace, openTargetAws, planPlace } = await import('../../live/target-aws.js');
  const place = plan ? planPlace(plan.targets) : consumerPlace(manifest, envName, consumer, ctx.global.region);
  return openTargetAws(ctx, manifest, envName, place, hooks);
}

function findConsumer(consumers: readonly Consumer[], name: string, file: string): Consumer {
  const consumer = consumers.find((c) => c.name === name);
  if (!consumer) {
    throw new UsageError(`unknown consumer: ${name}`, { hint: `consumers in ${file}: ${consumers.map((c) => c.name).join(', ')}` });
  }
  return consumer;
}

/** Where a redrive reads (a DLQ) and delivers (a queue, or the one push target a target DLQ feeds). */
interface RedriveSource {
  dlq: string;
  /** Queue DLQs (and target DLQs of SQS targets): the queue it redrives to. */
  queue?: string;
  /** Target DLQs of push targets: the target EventBridge failed to deliver to. */
  target?: ResolvedTarget;
}

/** The consumer's queue DLQ, or its EventBridge target DLQ when asked or when it has no queue DLQ. */
function redriveSource(consumer: Consumer, wantTargetDlq: boolean): RedriveSource {
  const target = targetOf(consumer);
  if (wantTargetDlq || (!consumer.dlq && target?.deadLetter)) {
    if (!target?.deadLetter) throw new UsageError(`${consumer.name} has no EventBridge target DLQ (target.deadLetter)`);
    return target.kind === 'sqs' ? { dlq: target.deadLetter, queue: target.resource } : { dlq: target.deadLetter, target };
  }
  if (!consumer.dlq || !consumer.queue) {
    throw new UsageError(`${consumer.name} declares no ${consumer.dlq ? 'queue' : 'dlq'}; a redrive moves messages from its dlq back to its queue`);
  }
  return { dlq: consumer.dlq, queue: consumer.queue };
}

/** A plan's source as it names it (the gate checks those names): the queue names from the URLs. */
function plannedSource(consumer: Consumer, target: { dlqUrl?: string; queueUrl?: string; targetArn?: string }): RedriveSource {
  const nameOf = (url: string | undefined) => url?.replace(/^.*\//, '') ?? '';
  if (target.targetArn === undefined) return { dlq: nameOf(target.dlqUrl), queue: nameOf(target.queueUrl) };
  const pushTarget = targetOf(consumer);
  if (!pushTarget || pushTarget.kind === 'sqs') throw new RefusedError(`redrive refused: the plan names target ${target.targetArn}, but ${consumer.name} has no push target on the protected branch; nothing was moved`);
  return { dlq: nameOf(target.dlqUrl), target: pushTarget };
}

export async function runRedrive(ctx: CommandContext, args: readonly string[], options: RedriveCommandOptions, hooks: RedriveHooks = {}): Promise<number> {
  const format = requireTextOrJson(ctx.global.format, 'dlq redrive');
  const filterSpecs = options.filter ?? [];
  const name = args[0];
  if (options.plan && name) throw new UsageError('pass either a consumer or --plan, not both', { hint: 'the plan names its consumer' });
  if (!options.plan && !name) throw new UsageError('name a consumer, or pass --plan <dir>');
  if (options.plan && options.planOut) throw new UsageError('--plan and --plan-out are exclusive');
  if (options.plan && filterSpecs.length) throw new UsageError('a plan carries its own filter; --filter cannot change it');
  if (options.plan && options.maxMessages) throw new UsageError('a plan carries its own message cap; --max-messages cannot change it');
  if (options.serverSide && (filterSpecs.length || options.keep)) {
    throw new UsageError('--server-side moves everything: it cannot --filter or --keep', { hint: 'drop --server-side for the client-side redrive' });
  }
  filterSpecs.forEach((spec) => parseFilter(spec)); // a bad --filter is a usage error before any AWS call
  const concurrency = count(options.concurrency, '--concurrency', 4)!;
  const rate = count(options.rate, '--rate', undefined, 0.1);
  const wait = count(options.wait, '--wait', 5, 0)!;
  const emptyPolls = count(options.emptyPolls, '--empty-polls', 3)!;
  const maxMessages = count(options.maxMessages, '--max-messages', undefined);
  if (wait > 20) throw new UsageError('--wait is at most 20 seconds (the SQS long-poll limit)');
  const visibility = count(options.visibilityTimeout, '--visibility-timeout', visibilityForBatch({ waitTimeSeconds: wait, concurrency, ...(rate ? { ratePerSecond: rate } : {}) }))!;

  const loaded = await ctx.loadManifest();
  // Moving is gated by the protected branch; --plan-out and --dry-run only read (and are re-gated when run).
  const moving = Boolean(options.plan) || (!options.planOut && !options.dryRun);
  const [{ loadGateInputs }, gateCheck, approvalJournal] = await Promise.all([
    import('../../approval/gate-inputs.js'),
    import('../../approval/gate-check.js'),
    import('../../approval/journal.js'),
  ]);
  const inputs = moving || options.plan
    ? await loadGateInputs(ctx, { mode: 'run', ...(options.plan ? { planDir: options.plan } : {}), ...(options.policyRef ? { policyRef: options.policyRef } : {}) })
    : undefined;
  // Gate decisions read the protected branch's manifest; a preview reads the working tree.
  const manifest = inputs?.root.manifest ?? loaded.manifest;
  // Journals belong to the repository (its top level), whatever -m names.
  const stateRoot = inputs?.root.repoDir ?? loaded.dir;
  const approvalJournalFile = inputs?.journalFile ?? join(stateRoot, '.eventctl', 'journal.jsonl');
  if (inputs) ctx.info(`gate: manifest and policy from ${inputs.trusted.label}`);

  // ---- gate, offline: before any AWS call --------------------------------------------------
  let consumer: Consumer;
  let source: RedriveSource;
  let cls: ConsumerClass;
  let planned:
    | { planId: string; artifact: PlanArtifact; dlqUrl: string; queueUrl: string; targetArn?: string; cap: number; region: string; resuming: boolean; approvers: string[]; expiresAt: string }
    | undefined;
  let activeFilters = filterSpecs;
  let request: import('../../approval/gate.js').GateRequest | undefined;
  if (options.plan) {
    const planRequest = gateCheck.planRequest(inputs!);
    request = planRequest.request;
    const artifact = planRequest.artifact;
    const reasons: string[] = [];
    let resuming = false;
    if (artifact) {
      const plan = artifact.plan;
      reasons.push(...checkRedrivePlan(plan));
      const bound = planFilters(plan, inputs!.planDirectory!.filterText);
      reasons.push(...bound.problems);
      activeFilters = bound.filters;
      const previous = await readRedriveJournal(redriveJournalPath(stateRoot, planJournalKey(plan)));
      resuming = Boolean(previous.state && !previous.state.done && previous.state.run?.planId === plan.planId);
      inputs!.journal = journalForVerification(inputs!.journal, plan.planId, resuming);
    }
    const offline = gateCheck.gateOffline(inputs!, request, artifact, ctx.now());
    await gateCheck.recordSeenVetoes(inputs!, offline, ctx.now());
    const all = [...new Set([...reasons, ...offline.reasons])];
    if (all.length > 0 || !artifact) {
      throw new RefusedError(`redrive refused: plan ${artifact?.plan.planId ?? options.plan} is not approved to run; nothing was moved (gate: ${offline.source.label})`, all);
    }
    for (const warning of offline.warnings) ctx.warn(warning);
    const plan = artifact.plan;
    const target = plan.targets[0]!;
    consumer = findConsumer(manifest.consumers, target.consumer, inputs!.root.manifestPath);
    source = plannedSource(consumer, target);
    cls = consumer.class;
    planned = {
      planId: plan.planId,
      artifact,
      dlqUrl: target.dlqUrl!,
      queueUrl: target.queueUrl ?? '',
      ...(target.targetArn ? { targetArn: target.targetArn } : {}),
      cap: plan.estimate.maxEvents,
      region: plan.aws.region,
      resuming,
      approvers: offline.verdict?.approvers ?? [],
      expiresAt: plan.expiresAt,
    };
    if (resuming) ctx.info(`resuming the unfinished run of plan ${plan.planId}`);
  } else {
    if (inputs && !manifest.consumers.some((c) => c.name === name)) {
      throw new RefusedError(`${name} is not a consumer on the protected branch; nothing was moved (gate: ${inputs.trusted.label})`, inputs.workingTreeDifferences.map((d) => `the working tree differs from the protected branch: ${d}`));
    }
    consumer = findConsumer(manifest.consumers, name!, inputs?.root.manifestPath ?? loaded.relativeFile);
    source = redriveSource(consumer, Boolean(options.targetDlq));
    cls = consumer.class;
    if (inputs) {
      request = { kind: 'direct-redrive', consumer: consumer.name };
      const reasons = inputs.workingTreeDifferences.map((d) => `the working tree differs from the protected branch: ${d}`);
      if (cls !== 'projection') reasons.unshift(`${consumer.name} is an ${cls} consumer on the protected branch: its DLQ is redriven only under a signed plan`);
      if (reasons.length > 0) {
        throw new RefusedError(`redrive of ${consumer.name} refused; nothing was moved (gate: ${inputs.trusted.label})`, reasons, {
          hint: cls === 'projection' ? undefined : `write a plan: eventctl dlq redrive ${consumer.name} --plan-out replays/<name>; have it signed (eventctl replay approve); run it: eventctl dlq redrive --plan replays/<name>`,
        });
      }
    }
  }

  // ---- AWS -----------------------------------------------------------------------------------
  const { openLiveAws } = await import('../../live/aws-context.js');
  // Under an environment a gated run acts where its plan's target (or the consumer) lives, with the protected branch's role.
  const envName = inputs ? inputs.environment : environmentAsked(ctx.global.environment, ctx.env);
  const aws = envName === undefined ? await openLiveAws(ctx, manifest, hooks) : await openEnvironmentAws(ctx, manifest, envName, planned?.artifact.plan, consumer, hooks);
  let tags: import('../../aws/sqs-plan-tags.js').SqsTagPort | undefined;
  const abort = { aborted: false };
  const signal = hooks.signal ?? abort;
  const onSignal = (name: InterruptSignal) => {
    if (abort.aborted) return;
    abort.aborted = true;
    ctx.info(`\nstopping (${name}): finishing the batch in flight and putting the rest back (further signals are ignored)…`);
  };
  let stopListening = () => {};
  try {
    // Setup calls run under the on-call retry profile, as `dlq inspect` does: a dead endpoint fails
    // the same way, in the same time. Only the move itself asks for the long-work profile.
    const sqs = await aws.ports.sqs();
    let dlqUrl: string;
    let queueUrl: string;
    // The push target the gate checked (a target DLQ's redrive destination), as AWS names it.
    let checkedTargetArn: string | undefined;
    if (inputs && request) {
      // ---- gate, resolved: every queue as AWS names it, mapped to its owners, before any write.
      const { resolvePlanResources, resolveConsumerQueues, resolveConsumerTargetDlq } = await import('../../live/gate-resolve.js');
      const reader = { getQueueUrl: (n: string) => sqs.getQueueUrl(n), getQueueAttributes: (u: string, a?: Parameters<typeof sqs.getQueueAttributes>[1]) => sqs.getQueueAttributes(u, a) };
      const resolved: Awaited<ReturnType<typeof resolveConsumerTargetDlq>> & { queueUrl?: string } = planned
        ? await resolvePlanResources(planned.artifact.plan, { sqs: async () => reader, targets: aws.ports })
        : source.target
          ? await resolveConsumerTargetDlq(reader, aws.ports, { dlq: source.dlq, kind: source.target.kind, resource: source.target.resource }, aws.region ?? '')
          : await resolveConsumerQueues(reader, { dlq: source.dlq, queue: source.queue! }, aws.region ?? '');
      const account = planned?.artifact.plan.aws.account ?? resolved.resources[0]?.account;
      const decision = gateCheck.gateResolved(inputs, request, resolved, ctx.now(), { region: aws.region ?? '', ...(account ? { account } : {}), ...(envName !== undefined ? { environment: envName } : {}) });
      gateCheck.enforce(decision, `redrive refused: ${planned ? `plan ${planned.planId}` : consumer.name} is not allowed to run; nothing was moved`);
      dlqUrl = planned?.dlqUrl ?? resolved.dlqUrl!;
      queueUrl = planned?.queueUrl ?? resolved.queueUrl ?? '';
      checkedTargetArn = planned?.targetArn ?? resolved.targetArn;
      if (planned) {
        // Server-side one-time use: a tag on the DLQ names every plan whose run started here.
        const { createSqsTagPort } = await import('../../aws/sqs-plan-tags.js');
        tags = createSqsTagPort(await aws.clients.sqs(), aws.endpoint);
        const spent = spentPlanTag(await tags!.listQueueTags(dlqUrl), planned.planId);
        if (spent !== undefined && !planned.resuming) {
          throw new RefusedError(`redrive refused: plan ${planned.planId} was already run against this DLQ; nothing was moved`, [
            `the DLQ carries tag ${planTagKey(planned.planId)}=${spent} (set when the run started); a spent plan never runs again, whatever the local journal says; make a new plan`,
          ]);
        }
      }
    } else {
      dlqUrl = planned?.dlqUrl ?? (await sqs.getQueueUrl(source.dlq));
      queueUrl = planned?.queueUrl ?? (source.queue ? await sqs.getQueueUrl(source.queue!) : '');
    }
    const dlqAttrs = await sqs.getQueueAttributes(dlqUrl, ['All']);
    // A target DLQ goes back to its one target, and only to the one the gate checked.
    // Its deliveries are the move's work: the long-work retry profile.
    const delivery = source.target ? await (await import('./target-delivery.js')).targetDeliverer(source.target, aws.longWork()) : undefined;
    if (delivery && inputs && request && delivery.arn !== checkedTargetArn) {
      throw new RefusedError(`redrive refused: ${consumer.name}'s target is not the one the gate checked; nothing was moved`, [
        `the gate checked ${checkedTargetArn ?? 'no target'}; ${consumer.name}'s ${source.target!.kind} target on the protected branch resolves to ${delivery.arn}`,
      ]);
    }
    const destination = delivery ? delivery.describe : source.queue ?? '';
    if (dlqAttrs.redrivePolicy && !options.force) {
      throw new RefusedError(`${source.dlq} has its own redrive policy (to ${dlqAttrs.redrivePolicy.deadLetterTargetArn}): receiving from it could forward messages there; nothing was moved`, [], {
        hint: 'pass --force to redrive anyway',
      });
    }
    const cap = planned?.cap ?? maxMessages;
    const path = options.serverSide ? 'server-side' : 'client-side';

    if (options.planOut) {
      return await writeRedrivePlan(ctx, options, {
        consumer, dlqUrl, ...(delivery ? { targetArn: delivery.arn } : { queueUrl }), approximate: dlqAttrs.visible, filters: filterSpecs, maxMessages, loadedDir: loaded.dir, region: aws.region ?? manifest.aws?.region,
        ...(envName === undefined ? { manifestAccount: manifest.aws?.account } : { placed: true }),
      });
    }

    const summary = `${cap !== undefined ? `up to ${cap} of ` : ''}~${dlqAttrs.visible} message(s) from ${source.dlq} to ${destination} (${consumer.name}, ${cls}, ${path}${activeFilters.length ? `, filter ${activeFilters.join(' & ')}` : ''}${options.keep ? ', keeping the DLQ copies' : ''})`;
    if (options.dryRun) {
      const gate = planned ? `approved (${planned.approvers.join(', ') || 'no approvals needed'})` : cls === 'projection' ? 'confirmation or --yes' : 'a signed plan (--plan-out, then --plan)';
      if (format === 'json') {
        ctx.emit(JSON.stringify({ schemaVersion: 1, dryRun: true, consumer: consumer.name, class: cls, dlq: source.dlq, queue: source.queue ?? null, target: source.target ? { kind: source.target.kind, resource: source.target.resource } : null, approximate: dlqAttrs.visible, inFlight: dlqAttrs.inFlight, cap: cap ?? null, filters: activeFilters, keep: Boolean(options.keep), mode: path, gate }, null, 2));
      } else {
        ctx.emit([`would move ${summary}`, `${dlqAttrs.inFlight} message(s) are in flight (hidden) now and would move only once visible`, `gate: ${gate}`, 'nothing was moved (dry run; no message was received)'].join('\n'));
      }
      return ExitCode.ok;
    }

    const { confirmAction } = await import('../../io/prompts.js');
    await confirmAction(ctx, `Move ${summary}?`, { yes: options.yes });

    if (planned) {
      // Reserve before moving anything: first the repository journal, then the DLQ's tag.
      if (!planned.resuming) {
        await approvalJournal.reserveExecution(
          approvalJournalFile,
          approvalJournal.journalEntryFor(planned.artifact, { state: 'started', at: ctx.now(), approvers: planned.approvers }),
        );
      }
      const current = await tags!.listQueueTags(dlqUrl);
      const stale = expiredPlanTags(current, ctx.now());
      if (stale.length > 0) await tags!.untagQueue(dlqUrl, stale).catch(() => undefined);
      if (spentPlanTag(current, planned.planId) === undefined) await tags!.tagQueue(dlqUrl, planTag(planned!.planId, planned!.expiresAt));
    }
    if (!hooks.signal) stopListening = onInterrupt(onSignal);
    const started = Date.now();
    const progress = progressWriter((t) => ctx.io.writeStderr(t), ctx.io.stderrIsTTY, Date.now);
    let report: RedriveReport;
    const base = {
      schemaVersion: 1 as const, consumer: consumer.name, class: cls, dlq: source.dlq, queue: source.queue ?? destination,
      ...(source.target ? { target: { kind: source.target.kind, resource: source.target.resource } } : {}), filters: activeFilters, keep: Boolean(options.keep), ...(planned ? { planId: planned.planId } : {}) };

    if (options.serverSide && delivery) {
      throw new UsageError('--server-side moves between SQS queues only; a target DLQ is redriven to its target client-side', { hint: 'drop --server-side' });
    }
    if (options.serverSide) {
      const queueAttrs = await sqs.getQueueAttributes(queueUrl, ['QueueArn', 'RedrivePolicy']);
      if (!serverSideEligible({ dlqArn: dlqAttrs.arn, queueRedriveTarget: queueAttrs.redrivePolicy?.deadLetterTargetArn })) {
        throw new UsageError(`${source.dlq} is not the dead-letter queue of ${source.queue}'s redrive policy: SQS moves only DLQs fed by SQS queues`, {
          hint: 'drop --server-side: the client-side redrive works for EventBridge target DLQs too',
        });
      }
      if (cap !== undefined && dlqAttrs.visible + dlqAttrs.inFlight > cap) {
        throw new RefusedError(`the DLQ holds ~${dlqAttrs.visible + dlqAttrs.inFlight} messages, more than the cap of ${cap}; a server-side move cannot stop at a count; nothing was moved`, [], { hint: 'drop --server-side' });
      }
      const port = hooks.moveTaskPort ?? (await import('../../aws/sqs-move-tasks.js')).createMessageMoveTaskPort(await aws.clients.sqs(), aws.endpoint);
      const task = await moveWithTask(port, {
        sourceArn: dlqAttrs.arn!, destinationArn: queueAttrs.arn!, ...(rate !== undefined ? { rate } : {}), signal, sleep,
        ...(hooks.serverPollIntervalMs !== undefined ? { pollIntervalMs: hooks.serverPollIntervalMs } : {}),
        onProgress: (t) => progress.update({ moved: t.approximateMessagesMoved, failed: 0, skipped: 0, ...(t.approximateMessagesToMove !== undefined ? { remaining: Math.max(0, t.approximateMessagesToMove - t.approximateMessagesMoved) } : {}) }),
      }).finally(() => progress.finish());
      report = { ...base, mode: 'server-side', moved: task.moved, movedBefore: 0, failed: 0, skipped: 0, redundantReceives: 0, unmarked: 0, interrupted: false, capReached: false, failures: [], serverTask: task, durationSeconds: (Date.now() - started) / 1000 };
    } else {
      // A target DLQ's run has its own journal (and names its target where a queue URL would be).
      const key = planned ? planJournalKey(planned) : delivery ? `${consumer.name}.target-dlq` : consumer.name;
      const sendTo = delivery ? delivery.arn : queueUrl;
      const opened = await openRedriveJournal(
        redriveJournalPath(stateRoot, key),
        { consumer: consumer.name, dlqUrl, queueUrl: sendTo, ...(planned ? { planId: planned.planId } : {}), filters: activeFilters, keep: Boolean(options.keep), visibilityTimeoutSeconds: visibility },
        Date.now,
        randomUUID,
      );
      if (opened.previous) ctx.info(`resuming redrive ${opened.run.runId} from ${opened.journal.file}`);
      let result: MoveResult;
      // Same mover, journal and resume; only the send goes to the target instead of a queue.
      // The move's receives, sends and deletes: the long-work retry profile (src/aws/clients.ts).
      const moverSqs = await aws.longWork().sqs();
      const mover = delivery ? (await import('./target-delivery.js')).deliveringMoverPort(moverSqs, delivery.deliver, concurrency) : moverSqs;
      try {
        result = await moveMessages(mover, {
          dlqUrl, queueUrl: sendTo, runId: opened.run.runId, fifo: dlqAttrs.fifo, filters: activeFilters.map(parseFilter), keep: Boolean(options.keep),
          ...(cap !== undefined ? { cap } : {}), concurrency, waitTimeSeconds: wait, visibilityTimeoutSeconds: visibility, emptyPolls,
          ...(rate !== undefined ? { limiter: tokenBucket(rate, Date.now, sleep) } : {}),
          approximateTotal: dlqAttrs.visible, journal: opened.journal, ...(opened.previous ? { previous: opened.previous } : {}),
          signal, clock: Date.now, sleep,
          onProgress: (p) => progress.update(p), onWarning: (m) => ctx.warn(m),
        });
      } finally {
        progress.finish();
        await opened.journal.close();
      }
      const finished = !result.interrupted;
      const archived = finished ? await opened.journal.archive(opened.run.runId).catch(() => opened.journal.file) : opened.journal.file;
      const already = 'alreadyDelivered' in mover ? mover.alreadyDelivered() : 0;
      if (already > 0) ctx.info(`${already} event(s) had already been delivered (same execution name): counted as moved, not started twice`);
      report = { ...base, mode: 'client-side', runId: opened.run.runId, ...result, durationSeconds: (Date.now() - started) / 1000, journal: archived };
      delete (report as Partial<MoveResult>).batches;
    }

    if (planned && !report.interrupted) {
      await approvalJournal.appendJournal(
        approvalJournalFile,
        approvalJournal.journalEntryFor(planned.artifact, { state: 'completed', at: ctx.now(), approvers: planned.approvers, detail: `moved ${report.moved}, failed ${report.failed}` }),
      );
    }
    ctx.emit(format === 'json' ? JSON.stringify(report, null, 2) : renderReport(report));
    if (report.interrupted) {
      throw new AbortError(`redrive interrupted after moving ${report.moved} message(s); run the same command again to resume`);
    }
    return report.failed > 0 ? ExitCode.findings : ExitCode.ok;
  } finally {
    stopListening();
    aws.close();
  }
}

function renderReport(r: RedriveReport): string {
  const lines = [
    `${r.interrupted ? 'interrupted' : 'done'}: moved ${r.moved} message(s) from ${r.dlq} to ${r.queue}${r.movedBefore ? ` (${r.movedBefore} before resuming)` : ''}${r.keep ? ', DLQ copies kept' : ''}`,
  ];
  if (r.resumed) lines.push(`resumed: deleted ${r.resumed.deleted} already-sent message(s) from the DLQ, put back ${r.resumed.released}`);
  if (r.skipped) lines.push(`skipped ${r.skipped} message(s) that did not match the filter (left in the DLQ)`);
  if (r.failed) {
    lines.push(`failed ${r.failed} message(s) (left in the DLQ):`);
    for (const f of r.failures.slice(0, 10)) lines.push(`  ${f.messageId}: ${f.code}${f.message ? ` ${f.message}` : ''}`);
  }
  if (r.unmarked) lines.push(`${r.unmarked} message(s) already had 10 attributes and were sent without eventctl-redrive-id`);
  if (r.capReached) lines.push('stopped at the plan’s message cap');
  if (r.serverTask) lines.push(`move task ${r.serverTask.taskHandle}: ${r.serverTask.status}`);
  if (r.journal) lines.push(`journal: ${r.journal}`);
  return lines.join('\n');
}

async function writeRedrivePlan(
  ctx: CommandContext,
  options: RedriveCommandOptions,
  input: { consumer: Consumer; dlqUrl: string; queueUrl?: string; targetArn?: string; approximate: number; filters: string[]; maxMessages?: number; loadedDir: string; region?: string; manifestAccount?: string; placed?: boolean },
): Promise<number> {
  const requester = options.requester ?? ctx.env.EVENTCTL_PRINCIPAL;
  if (!requester) throw new UsageError('--plan-out needs --requester <principal> (or EVENTCTL_PRINCIPAL): the policy principal asking for the redrive');
  const account = accountOfQueueUrl(input.dlqUrl) ?? input.manifestAccount;
  if (!account) throw new UsageError(`cannot tell the AWS account from ${input.dlqUrl}`, { hint: 'set aws.account in the manifest' });
  if (input.manifestAccount && account !== input.manifestAccount) {
    throw new UsageError(`the DLQ is in account ${account} but the manifest declares ${input.manifestAccount}`, { hint: 'check --profile and the manifest' });
  }
  if (!input.region) throw new UsageError('no AWS region: pass --region or set it in the manifest');
  const [{ newPlan, writePlan }, { resolvePolicyBytes }, { parsePolicy }] = await Promise.all([
    import('../../approval/plan.js'),
    import('../../approval/policy-source.js'),
    import('../../approval/policy.js'),
  ]);
  const policyPath = ctx.global.manifest ? (await ctx.loadManifest()).manifest.replay?.approvalPolicy : undefined;
  const policyBytes = await resolvePolicyBytes({
    cwd: ctx.cwd,
    ...(options.policyRef ? { ref: options.policyRef } : {}),
    ...(policyPath ? { manifestPolicy: { dir: input.loadedDir, path: policyPath } } : {}),
  });
  const policy = parsePolicy(policyBytes.bytes);
  const ttl = Math.min(count(options.ttl, '--ttl', 240)!, policy.maxPlanTtlMinutes);
  const plan = newPlan(
    redrivePlanInput({
      consumer: input.consumer, dlqUrl: input.dlqUrl, ...(input.queueUrl ? { queueUrl: input.queueUrl } : {}), ...(input.targetArn ? { targetArn: input.targetArn } : {}), requester, ...(options.reason ? { reason: options.reason } : {}),
      account, region: input.region, ...(input.placed ? { placed: true } : {}), approximate: input.approximate, ...(input.maxMessages !== undefined ? { maxMessages: input.maxMessages } : {}), filters: input.filters,
    }),
    { now: ctx.now(), ttlMinutes: ttl, policy: { version: policy.policy.version, sha256: policy.sha256 } },
  );
  const dir = ctx.resolvePath(options.planOut!);
  const written = await writePlan(dir, plan);
  if (input.filters.length) await writeFile(join(dir, FILTER_FILE), `${input.filters.join('\n')}\n`, { flag: 'wx' });
  if (ctx.global.format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, plan: written.file, planId: plan.planId, digest: written.digest, kind: 'redrive', consumer: input.consumer.name, class: input.consumer.class, maxMessages: plan.estimate.maxEvents, filters: input.filters, expiresAt: plan.expiresAt }, null, 2));
  } else {
    // Fitted to the terminal: details wrap under their indent, `next:` commands break between arguments.
    const detail = (text: string) => wrapHanging('  ', text, ctx.tableWidth, '    ');
    ctx.emit([
      wroteLine(written.file, ctx.tableWidth),
      detail(`redrive ${input.consumer.name} (${input.consumer.class}): up to ${plan.estimate.maxEvents} message(s), ~${input.approximate} in the DLQ now${input.filters.length ? `, filter ${input.filters.join(' & ')}` : ''}`),
      detail(`plan ${plan.planId}, sha256 ${written.digest}, expires ${plan.expiresAt}`),
      'next:',
      ...[
        `eventctl replay approve ${options.planOut} --key <key> --role requester    # ${requester}`,
        `eventctl replay approve ${options.planOut} --key <key>                     # each approver`,
        `eventctl dlq redrive --plan ${options.planOut}`,
      ].map((command) => wrapCommand(command, ctx.tableWidth)),
    ].join('\n'));
  }
  return ExitCode.ok;
}

/** `wrote <file>`; a path too long for the line goes whole onto a line of its own (still copyable). */
function wroteLine(file: string, width: number | undefined): string {
  return width === undefined || file.length + 6 <= width ? `wrote ${file}` : `wrote\n  ${file}`;
}
