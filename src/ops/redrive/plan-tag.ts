import { instantMs } from '../../approval/instant.js';

/**
 * The server-side record of spent redrive plans: one tag per plan on the DLQ it drains, set when
 * the run starts (after the journal reservation, before the first message moves). Pure helpers.
 * The value is the plan's expiry: once a plan has expired it can never run again anyway, so its
 * tag may be pruned, which keeps a DLQ well under SQS's 50 tags.
 */
export const PLAN_TAG_PREFIX = 'eventctl-plan:';

export function planTagKey(planId: string): string {
  return `${PLAN_TAG_PREFIX}${planId}`;
}

export function planTag(planId: string, expiresAt: string): Record<string, string> {
  return { [planTagKey(planId)]: expiresAt };
}

/** The tag value recording that `planId` already ran against this queue, if any. */
export function spentPlanTag(tags: Readonly<Record<string, string>>, planId: string): string | undefined {
  return tags[planTagKey(planId)];
}

/** Plan tags whose plans have expired (safe to remove: an expired plan is refused anyway). */
export function expiredPlanTags(tags: Readonly<Record<string, string>>, now: Date): string[] {
  return Object.entries(tags)
    .filter(([key, value]) => key.startsWith(PLAN_TAG_PREFIX) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) && instantMs(value) <= now.getTime())
    .map(([key]) => key);
}
