import { decideGate, resourcesAsNamed, type GateDecision, type GateRequest } from './gate.js';
import type { GateInputs } from './gate-inputs.js';
import { parsePlanBytes, type PlanArtifact } from './plan.js';
import type { GateResource } from './resources.js';
import { RefusedError } from '../errors.js';
import { recordVetoes } from './veto-journal.js';
import { vetoesIn } from './veto-record.js';

/**
 * The two passes of the gate at the edge of `replay run` and `dlq redrive`: offline first (the
 * plan's resources as named; a refusal here means not even a read-only AWS call is made), then
 * with every resource resolved by AWS, before any AWS write. Both call the one `decideGate`.
 */
export function planRequest(inputs: GateInputs): { request: GateRequest; artifact?: PlanArtifact } {
  const dir = inputs.planDirectory!;
  const request: GateRequest = { kind: 'plan', planBytes: dir.planBytes ?? Buffer.alloc(0), envelopes: dir.envelopes };
  try {
    return { request, artifact: parsePlanBytes(request.planBytes) };
  } catch {
    return { request };
  }
}

export function gateOffline(inputs: GateInputs, request: GateRequest, artifact: PlanArtifact | undefined, now: Date, mode: 'run' | 'verify' = 'run'): GateDecision {
  const named = artifact ? resourcesAsNamed(artifact.plan) : { resources: [], unresolved: [] };
  return decideGate({
    trusted: inputs.trusted,
    request,
    resources: named.resources,
    unresolved: named.unresolved,
    // Offline, the region is the plan's; the online pass checks it against the configured one.
    run: { region: artifact?.plan.aws.region ?? inputs.root.manifest.aws?.region ?? '', ...(artifact ? { account: artifact.plan.aws.account } : {}), ...(inputs.environment !== undefined ? { environment: inputs.environment } : {}) },
    workingTreeDifferences: inputs.workingTreeDifferences,
    planDirectoryProblems: inputs.planDirectory?.problems ?? [],
    journal: inputs.journal,
    recordedVetoes: inputs.vetoRecords,
    now,
    mode,
  });
}

/** Records the vetoes and withdrawals a protected-branch decision saw, so they bind from now on. */
export async function recordSeenVetoes(inputs: GateInputs, decision: GateDecision, now: Date): Promise<void> {
  if (!decision.source.protected || !decision.verdict) return;
  await recordVetoes(inputs.vetoFile, inputs.vetoRecords, vetoesIn(decision.verdict, now));
}

export function gateResolved(inputs: GateInputs, request: GateRequest, resolved: { resources: GateResource[]; unresolved: string[] }, now: Date, run: { region: string; account?: string }, journal = inputs.journal): GateDecision {
  return decideGate({
    trusted: inputs.trusted,
    request,
    resources: resolved.resources,
    unresolved: resolved.unresolved,
    run,
    workingTreeDifferences: inputs.workingTreeDifferences,
    planDirectoryProblems: inputs.planDirectory?.problems ?? [],
    journal,
    recordedVetoes: inputs.vetoRecords,
    now,
    mode: 'run',
  });
}

/** Throws the refusal (exit 3) naming every reason; `what` says what was not done. */
export function enforce(decision: GateDecision, message: string, hint?: string): void {
  if (decision.allowed) return;
  throw new RefusedError(`${message} (gate: ${decision.source.label})`, decision.reasons, hint ? { hint } : {});
}
