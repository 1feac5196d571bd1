import { loadGateInputs } from '../approval/gate-inputs.js';
import { appendJournal, JOURNAL_VERSION, reserveExecution, type JournalEntry } from '../approval/journal.js';
import { executionName, type Plan } from '../approval/plan.js';
import { instantMs, toInstant } from '../approval/instant.js';
import type { Verdict } from '../approval/verify.js';
import type { ReplayDescription } from '../aws/eventbridge-replay.js';
import type { CommandContext } from '../context.js';
import { ExitCode, InternalError, RefusedError, RemoteError, UsageError } from '../errors.js';
import { enforce, gateOffline, gateResolved, planRequest, recordSeenVetoes } from '../approval/gate-check.js';
import { resolvePlanResources } from './gate-resolve.js';
import { confirmAction } from '../io/prompts.js';
import { parseArn, ruleNameOfArn } from '../ops/replay/arn.js';
import { preflightReasons, type PreflightFacts } from '../ops/replay/preflight.js';
import { estimateRuleOf } from '../ops/replay/targets.js';
import type { Manifest } from '../manifest/model.js';
import { announceWhere, openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { openTargetAws, planPlace } from './target-aws.js';
import { estimateReplay, liveRuleDigest, openReplayPorts, type ReplayPorts } from './replay-aws.js';
import { followReplay, type FollowHooks } from './replay-follow.js';
import { renderReplay, replayView } from './replay-render.js';
import { requireTextOrJson } from '../report/format-name.js';

export interface ReplayRunOptions {
  yes?: boolean;
  policyRef?: string;
  /** `--no-wait` sets this false: start, record, print, return. */
  wait?: boolean;
  pollInterval?: string;
}

export interface ReplayRunHooks extends LiveAwsOptions, FollowHooks {}

/** Read-only facts for the preflight comparison. */
async function gatherPreflight(ports: ReplayPorts, plan: Plan, manifest: Manifest, now: Date): Promise<PreflightFacts> {
  const busName = parseArn(plan.eventBusArn!)!.resource.replace(/^event-bus\//, '');
  const archiveName = parseArn(plan.archiveArn!)!.resource.replace(/^archive\//, '');
  const bus = await ports.eventBridge.describeEventBus(busName);
  const archive = await ports.replay.describeArchive(archiveName);
  const rules: Array<{ ruleArn: string; digest?: string }> = [];
  for (const target of plan.targets) {
    const { busName: ruleBus, name } = ruleNameOfArn(target.ruleArn!);
    const live = await liveRuleDigest(ports.replay, name, ruleBus);
    rules.push(live ? { ruleArn: target.ruleArn!, digest: live.digest } : { ruleArn: target.ruleArn! });
  }
  const estimate = await estimateReplay(
    await ports.cloudWatch(),
    // An opt-in replay rule matches only replays: estimate from the consumer's own rule.
    plan.targets.map((t) => {
      const { busName: ruleBus, name } = estimateRuleOf(manifest, { consumer: t.consumer, ruleArn: t.ruleArn! });
      return { consumer: t.consumer, ruleName: name, busName: ruleBus };
    }),
    plan.window!,
    now,
  );
  const existing = await ports.replay.describeReplay(executionName(plan));
  const active = (await ports.replay.listReplays({ state: 'RUNNING' })).length + (await ports.replay.listReplays({ state: 'STARTING' })).length;
  return {
    ...(bus ? { bus: { arn: bus.arn } } : {}),
    ...(archive ? { archive } : {}),
    rules,
    estimate: { events: estimate.events },
    ...(existing ? { existingReplay: { state: existing.state } } : {}),
    activeReplays: active,
  };
}

function pollSeconds(value: string | undefined): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 300) throw new UsageError(`--poll-interval must be between 0 and 300 seconds, got '${value}'`);
  return n;
}

function journalEntry(plan: Plan, digest: string, verdict: Verdict, state: JournalEntry['state'], now: Date, detail?: string): JournalEntry {
  return {
    v: JOURNAL_VERSION,
    planId: plan.planId,
    planDigest: digest,
    kind: 'replay',
    executionName: executionName(plan),
    policyVersion: verdict.policy!.version,
    policySha256: verdict.policy!.sha256,
    state,
    at: toInstant(now),
    ...(verdict.approvers.length ? { approvers: verdict.approvers } : {}),
    ...(detail ? { detail } : {}),
  };
}

/**
 * `eventctl replay run <plan-dir>`: offline verification (policy from a git ref, never the working
 * tree), online read-only preflight, confirmation, then StartReplay with the plan's FilterArns
 * and name, journaled, then progress until done. Any refusal exits 3 before any AWS write.
 */
export async function runReplayRun(ctx: CommandContext, planDir: string, options: ReplayRunOptions, hooks: ReplayRunHooks = {}): Promise<number> {
  const format = requireTextOrJson(ctx.global.format, 'replay run');
  const poll = pollSeconds(options.pollInterval);
  const now = ctx.now();

  // 1. Offline: the protected branch's manifest and policy, the plan's resources as named, the
  // repository's journal. A refusal here is made before any AWS call, even a read.
  const inputs = await loadGateInputs(ctx, { planDir, mode: 'run', ...(options.policyRef !== undefined ? { policyRef: options.policyRef } : {}) });
  ctx.info(`gate: manifest and policy from ${inputs.trusted.label}`);
  const { request, artifact } = planRequest(inputs);
  const offline = gateOffline(inputs, request, artifact, now);
  await recordSeenVetoes(inputs, offline, now);
  const refusal = `replay run refused: plan ${artifact?.plan.planId ?? planDir} is not allowed to run (${offline.reasons.length} unmet requirement${offline.reasons.length === 1 ? '' : 's'}); nothing was sent to AWS`;
  const hint = `see \`eventctl replay verify ${planDir}\`; approvals: \`eventctl replay approve ${planDir} --key <key>\``;
  enforce(offline, refusal, hint);
  // Execute the verified bytes, never plan.json read again: a file swapped after verification changes nothing.
  const plan = artifact!.plan;
  if (plan.kind !== 'replay') throw new UsageError(`${planDir} holds a ${plan.kind} plan; use \`eventctl dlq redrive --plan ${planDir}\``);
  const name = executionName(plan);
  const journalFile = inputs.journalFile;

  const trustedManifest = inputs.root.manifest;
  // Under an environment the run acts where the plan's targets live, with the protected branch's role.
  const envName = inputs.environment;
  const aws = envName === undefined ? await openLiveAws(ctx, trustedManifest, hooks) : await openTargetAws(ctx, trustedManifest, envName, planPlace(plan.targets), hooks);
  try {
    const where = await announceWhere(ctx, aws);
    const ports = await openReplayPorts(aws);
    // 2. Resolve, don't trust: each FilterArns ARN as AWS names it, mapped to its owners.
    const resolved = await resolvePlanResources(plan, { replay: ports.replay });
    const decision = gateResolved(inputs, request, resolved, now, { region: aws.region ?? '', ...(envName !== undefined ? { environment: envName } : {}) });
    enforce(decision, refusal.replace(/\(\d+ unmet requirements?\)/, `(${decision.reasons.length} unmet)`), hint);
    const verdict = decision.verdict!;
    // 2. Online, read-only: does the account still look like what was approved?
    const facts = await gatherPreflight(ports, plan, trustedManifest, now);
    const reasons = preflightReasons(plan, facts, now);
    if (reasons.length > 0) {
      throw new RefusedError(`replay run refused by preflight: the account no longer matches plan ${plan.planId}; nothing was sent to AWS`, reasons);
    }

    // 3. A person says yes (or --yes); never a prompt without a terminal.
    const view = replayView(plan, undefined);
    if (format === 'text' || ctx.interactive) ctx.info(renderReplay(view, ctx.errColor, 'about to start'));
    await confirmAction(ctx, `Start replay ${name} to ${plan.targets.length} rule${plan.targets.length === 1 ? '' : 's'}?`, { yes: options.yes });

    // 4. Journal first (one-time use on this machine), then the one AWS write.
    const approvers = verdict.approvers;
    await reserveExecution(journalFile, journalEntry(plan, artifact!.digest, verdict, 'started', now));
    const filterArns = plan.targets.map((t) => t.ruleArn!);
    if (filterArns.length === 0 || filterArns.some((a) => !a)) throw new InternalError('a replay plan without rule ARNs passed verification');
    let started;
    try {
      started = await ports.replay.startReplay({
        name,
        description: `eventctl plan ${plan.planId}${approvers.length ? ` approved by ${approvers.join(', ')}` : ''}`.slice(0, 512),
        archiveArn: plan.archiveArn!,
        busArn: plan.eventBusArn!,
        filterArns,
        start: new Date(instantMs(plan.window!.start)),
        end: new Date(instantMs(plan.window!.end)),
      });
    } catch (error) {
      await appendJournal(journalFile, journalEntry(plan, artifact!.digest, verdict, 'failed', ctx.now(), (error as Error).message));
      const cause = (error as { cause?: { name?: string } }).cause;
      if (cause?.name === 'ResourceAlreadyExistsException') {
        throw new RefusedError(`replay ${name} already exists: plan ${plan.planId} was already run`, ['replay names are one-time; make a new plan to replay again']);
      }
      throw error;
    }
    await appendJournal(journalFile, journalEntry(plan, artifact!.digest, verdict, 'started', ctx.now(), started.arn));
    ctx.info(`started ${name} (${started.arn})`);

    let final: ReplayDescription | undefined;
    if (options.wait !== false) {
      try {
        final = await followReplay(ctx, ports.replay, { name, window: plan.window!, pollSeconds: poll, yes: Boolean(options.yes) }, hooks);
      } catch (error) {
        const d = await ports.replay.describeReplay(name).catch(() => undefined);
        if (d && (d.state === 'CANCELLED' || d.state === 'FAILED')) {
          await appendJournal(journalFile, journalEntry(plan, artifact!.digest, verdict, 'failed', ctx.now(), `${started.arn} ${d.state}`));
        }
        throw error;
      }
      await appendJournal(
        journalFile,
        journalEntry(plan, artifact!.digest, verdict, final.state === 'COMPLETED' ? 'completed' : 'failed', ctx.now(), `${started.arn} ${final.state}${final.stateReason ? `: ${final.stateReason}` : ''}`),
      );
    } else {
      final = await ports.replay.describeReplay(name);
    }
    const result = replayView(plan, final ?? { name, arn: started.arn, state: started.state, filterArns });
    const out = { ...result, approvers, journal: journalFile, aws: where };
    ctx.emit(format === 'json' ? JSON.stringify(out, null, 2) : renderReplay(result, ctx.color, final?.state === 'COMPLETED' ? 'completed' : 'started'));
    if (final && final.state === 'FAILED') throw new RemoteError(`replay ${name} FAILED${final.stateReason ? `: ${final.stateReason}` : ''}`);
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}
