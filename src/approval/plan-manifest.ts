import type { Manifest } from '../manifest/model.js';
import type { Plan } from './plan.js';

/**
 * Cross-checks a plan against the manifest at run time (pure): every target must be a declared
 * consumer, with the class the manifest gives it and, for a replay, a rule of that name.
 * The verifier trusts the plan's classes only as far as the policy pins them; this closes the
 * gap for consumers the policy does not pin. Returns refusal reasons (empty = consistent).
 */
export function checkPlanAgainstManifest(plan: Plan, manifest: Manifest): string[] {
  const reasons: string[] = [];
  if (manifest.aws?.account && manifest.aws.account !== plan.aws.account) {
    reasons.push(`the plan targets account ${plan.aws.account}, the manifest declares ${manifest.aws.account}`);
  }
  for (const target of plan.targets) {
    const consumer = manifest.consumers.find((c) => c.name === target.consumer);
    if (!consumer) {
      reasons.push(`target ${target.consumer} is not a consumer in the manifest`);
      continue;
    }
    if (consumer.class !== target.class) {
      reasons.push(`target ${target.consumer} is listed as ${target.class}, the manifest says ${consumer.class}`);
    }
    if (plan.kind === 'replay' && target.ruleArn && consumer.rule && !target.ruleArn.endsWith(`/${consumer.rule}`)) {
      reasons.push(`target ${target.consumer} names rule ${target.ruleArn}, the manifest's rule is ${consumer.rule}`);
    }
  }
  return reasons;
}
