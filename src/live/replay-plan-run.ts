import { join } from 'node:path';
import { commandPolicyBytes, type PolicyFlags } from '../approval/cli/policy-input.js';
import { executionName, writePlan } from '../approval/plan.js';
import { MIN_APPROVERS_FLOOR, parsePolicy, type LoadedPolicy } from '../approval/policy.js';
import { describePolicySource } from '../approval/policy-source.js';
import type { CommandContext } from '../context.js';
import { ExitCode, InputError, UsageError } from '../errors.js';
import type { ConsumerClass, Manifest } from '../manifest/model.js';
import { acceptsOnlyEventctlReplays, excludesReplays } from '../ops/event-pattern.js';
import { buildReplayPlan, effectiveClass, strictestClass, type ResolvedTarget } from '../ops/replay/build-plan.js';
import { chooseCap, type ReplayEstimate } from '../ops/replay/estimate.js';
import { resolveReplayScope } from '../ops/replay/targets.js';
import { projectAccount } from '../ops/account-projection.js';
import { environmentAsked } from '../ops/environment.js';
import { minutesUntilReplayable, parseWindow, windowMinutes } from '../ops/replay/window.js';
import { announceWhere, openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { plainTable, wrapText } from '../report/table.js';
import { wrapCommand } from '../text/wrap.js';
import { estimateReplay, liveRuleDigest, openReplayPorts } from './replay-aws.js';
import { requireTextOrJson } from '../report/format-name.js';

export interface ReplayPlanOptions extends PolicyFlags {
  from?: string;
  to?: string;
  out?: string;
  requester?: string;
  reason?: string;
  bus?: string;
  archive?: string;
  maxEvents?: string;
  ttl?: string;
}

/** Default plan lifetime: a working day to collect approvals and run, never past the policy's cap. */
export const DEFAULT_PLAN_TTL_MINUTES = 8 * 60;

export interface PlannedTargetView extends ResolvedTarget {
  /** The rule the replay is filtered to (its ARN is `ruleArn`). */
  ruleName: string;
  /** The consumer's own rule: its MatchedEvents are the estimate. */
  consumerRule: string;
  /** `replay-rule`: an operational consumer's opt-in replay rule, since its own rule excludes replays. */
  via: 'consumer-rule' | 'replay-rule';
  estimatedEvents: number;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
  return n;
}

function requesterOf(ctx: CommandContext, options: ReplayPlanOptions): string {
  const requester = options.requester ?? (ctx.env.EVENTCTL_PRINCIPAL || undefined);
  if (!requester) {
    throw new UsageError('who is asking? pass --requester <principal> (or set EVENTCTL_PRINCIPAL)', {
      hint: 'the requester is the approval policy principal who signs the request and never counts as an approver',
    });
  }
  return requester;
}

/** What the approvals policy asks of this plan, in one line. */
export function approvalsSummary(policy: LoadedPolicy, classes: readonly ConsumerClass[]): string {
  const needing = [...new Set(classes)].filter((c) => policy.policy.classes[c].approvals.required);
  if (needing.length === 0) return 'none (projection consumers only)';
  return needing
    .map((cls) => {
      const a = policy.policy.classes[cls].approvals;
      const groups = (a.requiredGroups ?? []).map((g) => `${g.count} from ${g.anyOf.join('|')}`).join(', ');
      return `${cls}: requester signs + ${a.minDistinctApprovers ?? MIN_APPROVERS_FLOOR[cls]} distinct approvers other than the requester${groups ? ` (${groups})` : ''}`;
    })
    .join('; ');
}

/**
 * `eventctl replay plan <consumer…> --from --to --out <dir>`: resolves bus, archive and rules
 * from the manifest and the live account (read-only), estimates the events, and writes plan.json
 * as canonical bytes pinned to the approval policy. Prints the blast radius.
 */
export async function runReplayPlan(ctx: CommandContext, consumers: readonly string[], options: ReplayPlanOptions, hooks: LiveAwsOptions = {}): Promise<number> {
  const format = requireTextOrJson(ctx.global.format, 'replay plan');
  if (!options.out) throw new UsageError('--out <dir> is required', { hint: 'e.g. --out replays/inc-4821 (a new directory per plan)' });
  const window = parseWindow(options.from, options.to);
  const requester = requesterOf(ctx, options);
  const requestedCap = positiveInt(options.maxEvents, '--max-events');
  const requestedTtl = positiveInt(options.ttl, '--ttl');
  const now = ctx.now();

  const { policy: policyBytes, manifest: loaded } = await commandPolicyBytes(ctx, options);
  const manifest = loaded ?? (await ctx.loadManifest());
  const policy = parsePolicy(policyBytes.bytes, describePolicySource(policyBytes.source));
  if (policyBytes.source.kind !== 'git') ctx.warn(`the approval policy was read from the working tree (${policyBytes.source.file}); \`replay run\` reads it from a git ref, and a different policy there voids this plan`);
  if (!policy.policy.principals[requester]) ctx.warn(`requester '${requester}' is not a principal in the approval policy; they cannot sign the request`);
  const ttlMinutes = requestedTtl ?? Math.min(DEFAULT_PLAN_TTL_MINUTES, policy.maxPlanTtlMinutes);
  if (ttlMinutes > policy.maxPlanTtlMinutes) throw new UsageError(`--ttl ${ttlMinutes} is over the policy's plan lifetime of ${policy.maxPlanTtlMinutes} minutes`);

  // Under an environment the replay acts in the account of the (first) consumer, on the bus its rule is on there.
  const envName = environmentAsked(ctx.global.environment, ctx.env);
  const place = envName === undefined ? undefined : await environmentPlace(ctx, manifest.manifest, envName, consumers[0]);
  const scope = resolveReplayScope(place?.part ?? manifest.manifest, consumers, options.bus !== undefined ? { bus: options.bus } : {});
  const pins = policy.policy.consumers ?? {};
  const classes = scope.targets.map((t) => effectiveClass(t.class, pins[t.consumer]));
  const strictest = strictestClass(classes);
  const limits = policy.policy.classes[strictest].limits;
  const minutes = windowMinutes(window);
  // Limits every reached class imposes; verification enforces them too, but say so now.
  const maxWindow = Math.min(...[...new Set(classes)].map((c) => policy.policy.classes[c].limits.maxWindowMinutes));
  if (minutes > maxWindow) throw new UsageError(`the window is ${minutes} minutes; the approval policy allows at most ${maxWindow} for these consumers`);
  const policyLimit = Math.min(...[...new Set(classes)].map((c) => policy.policy.classes[c].limits.maxEvents));

  const aws = place ? await (await import('./target-aws.js')).openTargetAws(ctx, manifest.manifest, envName!, place.at, hooks) : await openLiveAws(ctx, manifest.manifest, hooks);
  try {
    const where = await announceWhere(ctx, aws);
    const ports = await openReplayPorts(aws);
    const bus = await ports.eventBridge.describeEventBus(scope.bus);
    if (!bus) throw new InputError(`event bus ${scope.bus} does not exist in the account`, { hint: 'check --region/--profile, or run `eventctl drift`' });
    let archiveName = options.archive ?? scope.archive;
    if (!archiveName) {
      const onBus = await ports.eventBridge.listArchives(bus.arn);
      if (onBus.length !== 1) {
        throw new UsageError(`the manifest declares no archive for bus ${scope.bus} and the account has ${onBus.length === 0 ? 'none' : `${onBus.length} (${onBus.map((a) => a.name).join(', ')})`}`, { hint: 'pass --archive <name>' });
      }
      archiveName = onBus[0]!.name;
    }
    const archive = await ports.replay.describeArchive(archiveName);
    if (!archive) throw new InputError(`archive ${archiveName} does not exist in the account`, { hint: 'check --region/--profile, or run `eventctl drift`' });
    if (archive.sourceArn !== bus.arn) throw new InputError(`archive ${archiveName} records ${archive.sourceArn}, not bus ${bus.arn}`);
    if (archive.state !== 'ENABLED') ctx.warn(`archive ${archiveName} is ${archive.state}; \`replay run\` needs it ENABLED`);

    const resolved: PlannedTargetView[] = [];
    const missingReplayRules: Array<{ message: string; hint: string }> = [];
    for (const [i, target] of scope.targets.entries()) {
      const via = target.rule === target.consumerRule ? 'consumer-rule' : 'replay-rule';
      const live = await liveRuleDigest(ports.replay, target.rule, scope.bus);
      if (!live && via === 'replay-rule') {
        // The consumer's own rule excludes replays: without its opt-in rule an approved replay would deliver nothing.
        missingReplayRules.push({
          message: `operational consumer ${target.consumer} has no opt-in replay rule ${scope.bus}/${target.rule}; its rule ${target.consumerRule} excludes replayed events, so a replay cannot reach it`,
          hint: `run \`eventctl sandbox up\` against a local emulator, or create rule ${target.rule} on bus ${scope.bus} with the pattern and targets of ${target.consumerRule} but "replay-name": [{"prefix": "ectl-"}] instead of the exclusion (\`eventctl drift\` checks it)`,
        });
        continue;
      }
      if (!live) throw new InputError(`rule ${scope.bus}/${target.rule} of consumer ${target.consumer} does not exist in the account`, { hint: 'run `eventctl drift` to compare the manifest with the account' });
      if (via === 'replay-rule' && !acceptsOnlyEventctlReplays(live.rule.eventPattern)) {
        ctx.warn(`replay rule ${target.rule} (${target.consumer}) matches more than eventctl's replays (it needs "replay-name": [{"prefix": "ectl-"}]); run \`eventctl drift\``);
      } else if (via === 'consumer-rule' && excludesReplays(live.rule.eventPattern)) {
        ctx.warn(`rule ${target.rule} (${target.consumer}) excludes replayed events ("replay-name": [{"exists": false}]): on AWS this replay delivers nothing to it`);
      }
      resolved.push({
        consumer: target.consumer,
        class: classes[i]!,
        ruleArn: live.rule.arn,
        ruleSha256: live.digest,
        ruleName: target.rule,
        consumerRule: target.consumerRule,
        via,
        estimatedEvents: 0,
      });
    }
    if (missingReplayRules.length > 0) throw InputError.fromProblems(missingReplayRules);
    const estimate: ReplayEstimate = await estimateReplay(
      await ports.cloudWatch(),
      // The consumer's own rule: an opt-in replay rule matches only replays, so its metrics say nothing about the window.
      resolved.map((t) => ({ consumer: t.consumer, ruleName: t.consumerRule, busName: scope.bus })),
      window,
      now,
    );
    estimate.perRule.forEach((r, i) => void (resolved[i]!.estimatedEvents = r.events));
    const maxEvents = chooseCap(estimate.events, { ...(requestedCap !== undefined ? { requested: requestedCap } : {}), policyLimit });

    const plan = buildReplayPlan(
      {
        requester,
        ...(options.reason ? { reason: options.reason } : {}),
        busArn: bus.arn,
        archiveArn: archive.arn,
        window,
        targets: resolved.map(({ consumer, class: cls, ruleArn, ruleSha256 }) => ({ consumer, class: cls, ruleArn, ruleSha256 })),
        estimate: { events: estimate.events, maxEvents, method: estimate.method },
        policy: { version: policy.policy.version, sha256: policy.sha256 },
        ...(place ? { placed: true } : {}),
      },
      { now, ttlMinutes },
    );
    const dir = ctx.resolvePath(options.out);
    const written = await writePlan(dir, plan);

    const wait = minutesUntilReplayable(window, now, limits.minWindowAgeMinutes);
    const view = {
      schemaVersion: 1 as const,
      planDir: dir,
      planFile: join(dir, 'plan.json'),
      planId: plan.planId,
      digest: written.digest,
      replayName: executionName(plan),
      requester,
      createdAt: plan.createdAt,
      expiresAt: plan.expiresAt,
      account: plan.aws.account,
      region: plan.aws.region,
      bus: bus.arn,
      archive: archive.arn,
      window: { ...window, minutes },
      targets: resolved.map(({ consumer, class: cls, ruleArn, ruleName, consumerRule, via, ruleSha256, estimatedEvents }) => ({
        consumer,
        class: cls,
        ruleArn,
        ruleName,
        consumerRule,
        via,
        ruleSha256,
        estimatedEvents,
      })),
      estimate: { events: estimate.events, maxEvents, method: estimate.method, periodSeconds: estimate.periodSeconds, noData: estimate.noData },
      approvals: { required: classes.some((c) => policy.policy.classes[c].approvals.required), summary: approvalsSummary(policy, classes) },
      policy: { version: policy.policy.version, sha256: policy.sha256, source: describePolicySource(policyBytes.source) },
      replayableInMinutes: wait,
      aws: where,
    };
    if (format === 'json') {
      ctx.emit(JSON.stringify(view, null, 2));
      return ExitCode.ok;
    }
    const c = ctx.color;
    const table = plainTable(
      ['CONSUMER', 'CLASS', 'RULE', 'EST. EVENTS'],
      resolved.map((t) => [t.consumer, t.class === 'projection' ? c.green(t.class) : c.red(t.class), t.ruleArn, String(t.estimatedEvents)]),
      new Set([3]),
      ctx.tableWidth,
    );
    // The plan file's path stays whole so it can be copied: on a line of its own when too long.
    const header = `${c.bold('replay plan')} ${plan.planId} →`;
    const headerFits = ctx.tableWidth === undefined || `replay plan ${plan.planId} → ${written.file}`.length <= ctx.tableWidth;
    const lines = [
      headerFits ? `${header} ${written.file}` : `${header}\n  ${written.file}`,
      '',
      table,
      '',
      ...resolved
        .filter((t) => t.via === 'replay-rule')
        .map((t) => `  opt-in     ${t.consumer}: replayed through rule ${t.ruleName} (rule ${t.consumerRule} excludes replays)`),
      `  window     ${window.start} → ${window.end} (${minutes} minutes)`,
      `  bus        ${bus.arn}`,
      `  archive    ${archive.arn} (${archive.state})`,
      `  estimate   ~${estimate.events} events — an estimate from CloudWatch AWS/Events MatchedEvents (best-effort, ${estimate.periodSeconds}s periods)${estimate.noData ? '; no datapoints at all, so 0 means unknown' : ''}`,
      `  cap        ${maxEvents} events (approvers agree to this; \`replay run\` refuses if a fresh estimate exceeds it)`,
      `  approvals  ${view.approvals.summary}`,
      `  runs as    ${executionName(plan)} (one-time)`,
      `  expires    ${plan.expiresAt}`,
      `  sha256     ${written.digest}`,
      `  policy     v${policy.policy.version} from ${describePolicySource(policyBytes.source)}`,
    ];
    if (wait > 0) lines.push(`  note       the window is too recent to replay: wait ${wait} more minute${wait === 1 ? '' : 's'} (archive delivery lags the bus)`);
    // Fitted like the table; the `next:` commands break only between arguments, so they still paste.
    lines.splice(0, lines.length, ...lines.map((line) => fitDetailLine(line, ctx.tableWidth)));
    const next = [
      ...(view.approvals.required
        ? [`eventctl replay approve ${options.out} --key <requester key> --role requester`, `eventctl replay approve ${options.out} --key <approver key>     # each approver`]
        : []),
      `eventctl replay verify ${options.out}`,
      `eventctl replay run ${options.out}`,
    ];
    lines.push('', 'next:', ...next.map((command) => wrapCommand(command, ctx.tableWidth)));
    ctx.emit(lines.join('\n'));
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}

/** The consumer's account (its alias in the environment) and region, and that account's part of the platform. */
async function environmentPlace(ctx: CommandContext, manifest: Manifest, envName: string, consumerName: string | undefined) {
  const consumer = manifest.consumers.find((c) => c.name === consumerName);
  if (!consumer) throw new UsageError(`${consumerName ?? 'no consumer'} is not a consumer of the manifest`);
  const { consumerPlace } = await import('./target-aws.js');
  const at = consumerPlace(manifest, envName, consumer, ctx.global.region);
  const aliases = Object.keys(manifest.environments![envName]!.accounts);
  const alias = consumer.account ?? aliases[0]!;
  return { at, part: projectAccount(manifest, alias, aliases.length === 1).manifest };
}

/** A `  label      value` line wrapped at `width`, continuation lines aligned under the value. */
function fitDetailLine(line: string, width: number | undefined): string {
  if (width === undefined || line.length <= width || line.includes('\n')) return line;
  const labelled = /^( {2}\S+ +)(.*)$/.exec(line);
  if (!labelled) return wrapText(line, width).join('\n');
  const label = labelled[1]!;
  const pad = ' '.repeat(label.length);
  return wrapText(labelled[2]!, Math.max(20, width - label.length))
    .map((part, i) => (i === 0 ? label : pad) + part)
    .join('\n');
}
