import type { JournalEntry } from '../../approval/journal.js';
import type { NewPlanInput, Plan } from '../../approval/plan.js';
import type { Consumer } from '../../manifest/model.js';
import { filterSha256 } from './filter.js';

/**
 * A DLQ redrive as an approval plan (kind `redrive`, shared with replay): consumer, class,
 * DLQ and queue URLs, and the message cap approvers agree to. The shared plan shape has no
 * filter field, so a filter is bound to the plan through its sha256 in `estimate.method`
 * (covered by the plan digest); the filter text sits beside the plan in `redrive-filter.txt`.
 * Pure.
 */
export { FILTER_FILE } from '../../approval/plan-directory.js';
import { FILTER_FILE } from '../../approval/plan-directory.js';
const METHOD = 'sqs-dlq-depth';
const FILTER_TAG = ';filter-sha256=';

export interface RedrivePlanRequest {
  consumer: Pick<Consumer, 'name' | 'class'>;
  dlqUrl: string;
  /** Absent for an EventBridge target DLQ: it goes back to the consumer's target, not a queue. */
  queueUrl?: string;
  /** The target a target DLQ is redriven to. */
  targetArn?: string;
  requester: string;
  reason?: string;
  account: string;
  region: string;
  /** Under an environment: the target names its account and region (the run is held to them). */
  placed?: boolean;
  /** DLQ depth now (ApproximateNumberOfMessages). */
  approximate: number;
  /** The cap; default: the current depth (at least 1). */
  maxMessages?: number;
  filters: readonly string[];
}

export function redrivePlanInput(request: RedrivePlanRequest): NewPlanInput {
  const maxEvents = Math.max(1, request.maxMessages ?? request.approximate);
  return {
    kind: 'redrive',
    requester: request.requester,
    ...(request.reason ? { reason: request.reason } : {}),
    aws: { account: request.account, region: request.region },
    // Under an environment the target names where it lives; the gate holds the run to that place.
    targets: [{ consumer: request.consumer.name, class: request.consumer.class, dlqUrl: request.dlqUrl, ...(request.queueUrl ? { queueUrl: request.queueUrl } : {}), ...(request.targetArn ? { targetArn: request.targetArn } : {}), ...(request.placed ? { account: request.account, region: request.region } : {}) }],
    estimate: {
      events: Math.min(request.approximate, maxEvents),
      maxEvents,
      method: request.filters.length ? `${METHOD}${FILTER_TAG}${filterSha256(request.filters)}` : METHOD,
    },
  };
}

/** The filter specs a plan binds, checked against the side file's text. Returns reasons on mismatch. */
export function planFilters(plan: Plan, sideFileText: string | undefined): { filters: string[]; problems: string[] } {
  const method = plan.estimate.method;
  const at = method.indexOf(FILTER_TAG);
  const specs = sideFileText === undefined ? [] : sideFileText.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (at < 0) {
    return specs.length ? { filters: [], problems: [`${FILTER_FILE} is present but the signed plan has no filter`] } : { filters: [], problems: [] };
  }
  const signed = method.slice(at + FILTER_TAG.length);
  if (sideFileText === undefined) return { filters: [], problems: [`the plan binds a filter (sha256 ${signed.slice(0, 12)}…) but ${FILTER_FILE} is missing`] };
  if (filterSha256(specs) !== signed) return { filters: [], problems: [`${FILTER_FILE} does not match the filter the plan was signed with`] };
  return { filters: specs, problems: [] };
}

/** Redrive-specific shape checks; the manifest cross-check is `approval/plan-manifest.ts`. */
export function checkRedrivePlan(plan: Plan): string[] {
  const reasons: string[] = [];
  if (plan.kind !== 'redrive') reasons.push(`the plan is a ${plan.kind} plan, not a redrive plan (use \`eventctl replay run\`)`);
  if (plan.targets.length !== 1) reasons.push(`a redrive plan names exactly one consumer; this one names ${plan.targets.length}`);
  return reasons;
}

/** Approval-journal key for a redrive run's own message journal. */
export function planJournalKey(plan: Pick<Plan, 'planId'>): string {
  return `plan-${plan.planId}`;
}

/**
 * One-time use, with resume: the approval journal spends a plan when its run starts. A run
 * that crashed half-way may continue (its redrive journal is unfinished), so only then is the
 * plan's own `started` entry left out of what the verifier sees; `completed` always counts.
 */
export function journalForVerification(entries: readonly JournalEntry[], planId: string, resuming: boolean): JournalEntry[] {
  if (!resuming) return [...entries];
  return entries.filter((e) => !(e.planId === planId && e.state === 'started'));
}

/** The account segment of a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function accountOfQueueUrl(url: string): string | undefined {
  const match = /\/(\d{12})\/[^/]+$/.exec(url);
  return match?.[1];
}
