import { sameDigest } from '../../approval/digest.js';
import type { Plan } from '../../approval/plan.js';
import { parseArn } from './arn.js';
import { ARCHIVE_DELAY_MINUTES, minutesUntilReplayable } from './window.js';

/**
 * Online preflight for `replay run`, as a pure comparison of the plan with what the account says
 * now (read-only calls made by the caller). Every unmet requirement is returned, none thrown, so
 * a refusal names them all. Runs after offline verification and before any AWS write.
 */
export const MAX_ACTIVE_REPLAYS = 10;

export interface PreflightFacts {
  /** DescribeEventBus of the plan's bus name in the account the credentials reach. */
  bus?: { arn: string };
  archive?: { arn: string; sourceArn: string; state: string; stateReason?: string };
  /** One per plan target, by rule ARN; `digest` undefined when the rule no longer exists. */
  rules: ReadonlyArray<{ ruleArn: string; digest?: string }>;
  /** A fresh estimate over the same rules and window. */
  estimate?: { events: number };
  /** A replay that already has the plan's name (AWS names are one-time). */
  existingReplay?: { state: string };
  /** Replays in STARTING or RUNNING in this account and region. */
  activeReplays?: number;
}

export function preflightReasons(plan: Plan, facts: PreflightFacts, now: Date, options: { minWindowAgeMinutes?: number } = {}): string[] {
  const reasons: string[] = [];
  const busArn = plan.eventBusArn ?? '';
  const busName = parseArn(busArn)?.resource.replace(/^event-bus\//, '') ?? busArn;
  if (!facts.bus) {
    reasons.push(`event bus ${busName} does not exist in the account and region the credentials reach (plan: ${plan.aws.account} ${plan.aws.region})`);
  } else if (facts.bus.arn !== busArn) {
    const live = parseArn(facts.bus.arn);
    reasons.push(
      live && (live.account !== plan.aws.account || live.region !== plan.aws.region)
        ? `the credentials reach account ${live.account} in ${live.region}; the plan is for account ${plan.aws.account} in ${plan.aws.region}`
        : `event bus ARN is ${facts.bus.arn}, the plan names ${busArn}`,
    );
  }

  const archiveArn = plan.archiveArn ?? '';
  if (!facts.archive) {
    reasons.push(`archive ${archiveArn} does not exist`);
  } else {
    if (facts.archive.arn !== archiveArn) reasons.push(`archive ARN is ${facts.archive.arn}, the plan names ${archiveArn}`);
    if (facts.archive.state !== 'ENABLED') {
      reasons.push(`archive ${facts.archive.arn} is ${facts.archive.state}${facts.archive.stateReason ? ` (${facts.archive.stateReason})` : ''}, not ENABLED`);
    }
    if (facts.archive.sourceArn !== busArn) reasons.push(`archive ${facts.archive.arn} records ${facts.archive.sourceArn}, not the plan's bus ${busArn}`);
  }

  const live = new Map(facts.rules.map((r) => [r.ruleArn, r.digest]));
  for (const target of plan.targets) {
    const ruleArn = target.ruleArn ?? '';
    if (!target.ruleSha256) {
      reasons.push(`${target.consumer}: the plan records no digest of rule ${ruleArn}, so it cannot be checked unchanged; make a new plan`);
      continue;
    }
    const digest = live.get(ruleArn);
    if (digest === undefined) reasons.push(`${target.consumer}: rule ${ruleArn} no longer exists`);
    else if (!sameDigest(digest, target.ruleSha256)) {
      reasons.push(`${target.consumer}: rule ${ruleArn} changed since planning (pattern, state or targets); make a new plan`);
    }
  }

  if (plan.window) {
    const minAge = Math.max(ARCHIVE_DELAY_MINUTES, options.minWindowAgeMinutes ?? 0);
    const wait = minutesUntilReplayable(plan.window, now, minAge);
    if (wait > 0) reasons.push(`the window ends at ${plan.window.end}; it must be at least ${minAge} minutes old (archive delivery lags the bus): wait ${wait} more minute${wait === 1 ? '' : 's'}`);
  }
  if (facts.estimate && facts.estimate.events > plan.estimate.maxEvents) {
    reasons.push(`a fresh estimate is ${facts.estimate.events} events, over the approved cap of ${plan.estimate.maxEvents}`);
  }
  if (facts.existingReplay) {
    reasons.push(`a replay named ${`ectl-${plan.planId}`} already exists (${facts.existingReplay.state}): this plan was already run; make a new plan`);
  }
  if (facts.activeReplays !== undefined && facts.activeReplays >= MAX_ACTIVE_REPLAYS) {
    reasons.push(`${facts.activeReplays} replays are already active in ${plan.aws.region}; AWS allows ${MAX_ACTIVE_REPLAYS} at once`);
  }
  return reasons;
}
