import { newPlan, type Plan, type PlanTarget } from '../../approval/plan.js';
import { InternalError } from '../../errors.js';
import type { ConsumerClass } from '../../manifest/model.js';
import { parseArn } from './arn.js';
import type { ReplayWindow } from './window.js';

/**
 * The replay plan as data, from what `replay plan` resolved (manifest + live account). Pure: the
 * caller passes the clock and the policy pin, and src/approval/plan.ts writes the canonical bytes.
 */
export interface ResolvedTarget {
  consumer: string;
  class: ConsumerClass;
  ruleArn: string;
  ruleSha256: string;
}

export interface ReplayPlanFacts {
  requester: string;
  reason?: string;
  busArn: string;
  archiveArn: string;
  window: ReplayWindow;
  targets: readonly ResolvedTarget[];
  estimate: { events: number; maxEvents: number; method: string };
  policy: { version: number; sha256: string };
  /** Under an environment: each target names the bus's account and region (the run is held to them). */
  placed?: boolean;
}

const STRICTNESS: Record<ConsumerClass, number> = { projection: 0, workflow: 1, operational: 2 };

/** The stricter of the manifest's class and the policy's pin (a plan may never claim a weaker one). */
export function effectiveClass(declared: ConsumerClass, pinned: ConsumerClass | undefined): ConsumerClass {
  return pinned !== undefined && STRICTNESS[pinned] > STRICTNESS[declared] ? pinned : declared;
}

/** The strictest class among targets (what decides the approvals a plan needs). */
export function strictestClass(classes: readonly ConsumerClass[]): ConsumerClass {
  return classes.reduce<ConsumerClass>((a, b) => (STRICTNESS[b] > STRICTNESS[a] ? b : a), 'projection');
}

export function buildReplayPlan(facts: ReplayPlanFacts, options: { now: Date; ttlMinutes: number; planId?: string }): Plan {
  const bus = parseArn(facts.busArn);
  if (!bus) throw new InternalError(`not an ARN: ${facts.busArn}`);
  if (facts.targets.length === 0) throw new InternalError('a replay plan needs at least one target rule');
  const targets: PlanTarget[] = facts.targets.map((t) => ({ consumer: t.consumer, class: t.class, ruleArn: t.ruleArn, ruleSha256: t.ruleSha256, ...(facts.placed ? { account: bus.account, region: bus.region } : {}) }));
  return newPlan(
    {
      kind: 'replay',
      requester: facts.requester,
      ...(facts.reason ? { reason: facts.reason } : {}),
      aws: { account: bus.account, region: bus.region },
      archiveArn: facts.archiveArn,
      eventBusArn: facts.busArn,
      window: { start: facts.window.start, end: facts.window.end },
      targets,
      estimate: { ...facts.estimate },
    },
    { now: options.now, ttlMinutes: options.ttlMinutes, policy: facts.policy, ...(options.planId ? { planId: options.planId } : {}) },
  );
}
