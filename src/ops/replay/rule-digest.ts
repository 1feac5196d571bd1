import { canonicalBytes } from '../../approval/canonical-json.js';
import { sha256Hex } from '../../approval/digest.js';

/**
 * The digest of what a rule does now: its ARN, pattern, state and full target definitions. The
 * plan records it per target and `replay run` recomputes it, so a rule whose pattern or targets
 * changed after approval (a new consumer behind an old name) refuses the run.
 */
export interface RuleDefinitionFacts {
  arn: string;
  eventPattern?: unknown;
  state?: string;
  targets: ReadonlyArray<Record<string, unknown>>;
}

export function ruleDigest(rule: RuleDefinitionFacts): string {
  const targets = [...rule.targets].sort((a, b) => String(a.Id ?? '').localeCompare(String(b.Id ?? '')));
  return sha256Hex(
    canonicalBytes({
      arn: rule.arn,
      ...(rule.eventPattern === undefined ? {} : { eventPattern: rule.eventPattern }),
      ...(rule.state === undefined ? {} : { state: rule.state }),
      targets,
    }),
  );
}
