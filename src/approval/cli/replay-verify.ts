import type { CommandContext } from '../../context.js';
import { ExitCode, RefusedError } from '../../errors.js';
import { gateOffline, planRequest, recordSeenVetoes } from '../gate-check.js';
import type { GateDecision } from '../gate.js';
import { loadGateInputs } from '../gate-inputs.js';
import { readPlanDirectory } from '../plan-directory.js';
import { readPolicyFromFile } from '../policy-source.js';
import { verifyApprovals, type Verdict } from '../verify.js';
import type { PolicyFlags } from './policy-input.js';
import { renderVerdict } from './render.js';

export type VerifyOptions = PolicyFlags;

/** The verdict plus what the gate saw: its trust root, the consumers reached, each resource's owners. */
export interface GateVerdict extends Verdict {
  gate?: { source: string; protected: boolean; offline: true; reached: GateDecision['reached']; resources: GateDecision['resources'] };
}

/**
 * "Would this run?" offline: the same gate as `replay run` / `dlq redrive --plan`, with the
 * manifest and policy from the protected branch and the plan's resources as it names them
 * (a run resolves them with AWS as well). `--policy-ref <other>` and `--policy <file>` are
 * previews, labelled as such, that a run would not accept.
 */
export async function verifyPlan(ctx: CommandContext, planDir: string, options: VerifyOptions): Promise<GateVerdict> {
  const now = ctx.now();
  if (options.policy !== undefined) {
    const dir = await readPlanDirectory(ctx.resolvePath(planDir));
    const policy = await readPolicyFromFile(ctx.resolvePath(options.policy), options.policy);
    const verdict: GateVerdict = verifyApprovals({ planBytes: dir.planBytes ?? Buffer.alloc(0), policyBytes: policy.bytes, policySource: policy.source, envelopes: dir.envelopes, now, mode: 'verify' });
    verdict.reasons.unshift(...dir.problems);
    verdict.allowed = verdict.reasons.length === 0;
    verdict.warnings.unshift('PREVIEW: --policy reads a working-tree file; consumers and resources were not checked against the protected branch');
    return verdict;
  }
  const inputs = await loadGateInputs(ctx, { planDir, mode: 'preview', ...(options.policyRef !== undefined ? { policyRef: options.policyRef } : {}) });
  const { request, artifact } = planRequest(inputs);
  const decision = gateOffline(inputs, request, artifact, now, inputs.trusted.protected ? 'run' : 'verify');
  await recordSeenVetoes(inputs, decision, now);
  const base: Verdict = decision.verdict ?? {
    schemaVersion: 1, allowed: false, reasons: [], warnings: [], mode: 'run', checkedAt: now.toISOString(), targets: [], approvalsRequired: true, requesterSigned: false, approvers: [], rejectedBy: [], envelopes: [],
  };
  return {
    ...base,
    allowed: decision.allowed,
    reasons: decision.reasons,
    warnings: [...new Set(decision.warnings)],
    gate: { source: decision.source.label, protected: decision.source.protected, offline: true, reached: decision.reached, resources: decision.resources },
  };
}

/** `eventctl replay verify <plan-dir>`: the offline verdict; exit 0 allowed, 3 refused. */
export async function replayVerify(ctx: CommandContext, planDir: string, options: VerifyOptions): Promise<number> {
  const verdict = await verifyPlan(ctx, planDir, options);
  ctx.emit(ctx.global.format === 'json' ? JSON.stringify(verdict, null, 2) : renderVerdict(verdict, ctx.color));
  if (!verdict.allowed) {
    throw new RefusedError(`plan ${verdict.plan?.id ?? planDir} is not approved (${verdict.reasons.length} reason${verdict.reasons.length === 1 ? '' : 's'})`, verdict.reasons);
  }
  return ExitCode.ok;
}
