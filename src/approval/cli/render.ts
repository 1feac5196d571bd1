import type { ChalkInstance } from 'chalk';
import { CONSUMER_CLASSES } from '../../manifest/model.js';
import { instantMs } from '../instant.js';
import { executionName, type PlanArtifact } from '../plan.js';
import { MIN_APPROVERS_FLOOR, type LoadedPolicy } from '../policy.js';
import { describePolicySource } from '../policy-source.js';
import type { Verdict } from '../verify.js';

/** Human renderings for approve and verify. Pure: strings in, strings out. */

/** The plan as an approver must see it: decoded from the exact bytes whose digest is signed. */
export function renderPlan(artifact: PlanArtifact, policy: LoadedPolicy, chalk: ChalkInstance): string {
  const p = artifact.plan;
  const lines: string[] = [];
  lines.push(chalk.bold(`${p.kind} plan ${p.planId}`));
  lines.push(`  sha256      ${artifact.digest}   ${chalk.dim('(what you sign)')}`);
  lines.push(`  requester   ${p.requester}`);
  if (p.reason) lines.push(`  reason      ${p.reason}`);
  lines.push(`  account     ${p.aws.account} ${p.aws.region}`);
  if (p.archiveArn) lines.push(`  archive     ${p.archiveArn}`);
  if (p.eventBusArn) lines.push(`  bus         ${p.eventBusArn}`);
  if (p.window) {
    const minutes = (instantMs(p.window.end) - instantMs(p.window.start)) / 60_000;
    lines.push(`  window      ${p.window.start} → ${p.window.end} (${minutes} minutes)`);
  }
  lines.push(`  events      ~${p.estimate.events} (cap ${p.estimate.maxEvents}; ${p.estimate.method})`);
  lines.push(`  valid       ${p.createdAt} → ${p.expiresAt}`);
  lines.push(`  runs as     ${executionName(p)}`);
  lines.push(`  policy      v${p.policy.version} sha256 ${p.policy.sha256}`);
  lines.push('  targets:');
  for (const t of p.targets) {
    const where = t.ruleArn ?? `${t.dlqUrl} → ${t.queueUrl}`;
    const cls = t.class === 'projection' ? chalk.green(t.class) : chalk.red(t.class);
    lines.push(`    - ${t.consumer} [${cls}] ${where}`);
  }
  const classes = CONSUMER_CLASSES.filter((c) => p.targets.some((t) => t.class === c));
  lines.push('  classification and policy:');
  for (const cls of classes) {
    const { approvals, limits } = policy.policy.classes[cls];
    const needs = approvals.required
      ? `${approvals.minDistinctApprovers ?? MIN_APPROVERS_FLOOR[cls]} distinct approvers (requester excluded)${(approvals.requiredGroups ?? []).map((g) => `, ${g.count} from ${g.anyOf.join('|')}`).join('')}${approvals.vetoOnReject ? ', veto on reject' : ''}`
      : 'no approvals';
    lines.push(`    ${cls}: ${needs}; limits: window ≤ ${limits.maxWindowMinutes} min, ≤ ${limits.maxEvents} events, window ends ≥ ${limits.minWindowAgeMinutes} min ago`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderVerdict(verdict: Verdict & { gate?: { source: string; reached: Array<{ consumer: string; class: string }> } }, chalk: ChalkInstance): string {
  const lines: string[] = [];
  const status = verdict.allowed ? chalk.green('ALLOWED') : chalk.red('REFUSED');
  lines.push(`${status} ${verdict.plan ? `${verdict.plan.kind} plan ${verdict.plan.id}` : 'plan'}`);
  if (verdict.plan) lines.push(`  sha256      ${verdict.plan.digest}`);
  if (verdict.gate) lines.push(`  gate        manifest and policy from ${verdict.gate.source}`);
  if (verdict.policy) lines.push(`  policy      v${verdict.policy.version} from ${describePolicySource(verdict.policy.source)}`);
  if (verdict.targets.length) lines.push(`  targets     ${verdict.targets.map((t) => `${t.consumer} (${t.class})`).join(', ')}`);
  lines.push(`  approvals   ${verdict.approvalsRequired ? `required; counted: ${verdict.approvers.join(', ') || 'none'}; requester signed: ${verdict.requesterSigned ? 'yes' : 'no'}` : 'not required'}`);
  if (verdict.rejectedBy.length) lines.push(`  rejected by ${verdict.rejectedBy.join(', ')}`);
  if (verdict.envelopes.length) {
    lines.push('  signatures:');
    for (const e of verdict.envelopes) {
      const mark = e.status === 'counted' ? chalk.green('✓') : e.status === 'invalid' ? chalk.red('✗') : chalk.yellow('–');
      const who = e.principal ? ` ${e.principal} (${e.role ?? '?'}, ${e.decision ?? '?'})` : '';
      lines.push(`    ${mark} ${e.name}${who}${e.reason ? `: ${e.reason}` : ''}`);
    }
  }
  for (const warning of verdict.warnings) lines.push(`  ${chalk.yellow('warning:')} ${warning}`);
  if (verdict.reasons.length) {
    lines.push('  reasons:');
    for (const reason of verdict.reasons) lines.push(`    - ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
