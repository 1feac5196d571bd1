import { toInstant } from './instant.js';
import type { Verdict } from './verify.js';

/**
 * Vetoes and withdrawals bind once seen: a signed reject is a file beside the plan, which whoever
 * controls the directory could delete before running. So the first time `verify` or `run` (under
 * the protected branch) sees a valid veto or withdrawal, it is recorded in the repository's
 * `.eventctl/vetoes.jsonl`; from then on the plan is refused whether or not the file is still there.
 */
export interface VetoRecord {
  v: 1;
  planDigest: string;
  planId: string;
  principal: string;
  kind: 'veto' | 'withdrawal';
  at: string;
}

/** The vetoes and withdrawals a verdict saw (valid signed rejects that block the plan). Pure. */
export function vetoesIn(verdict: Verdict, at: Date): VetoRecord[] {
  if (!verdict.plan) return [];
  const base = { v: 1 as const, planDigest: verdict.plan.digest, planId: verdict.plan.id, at: toInstant(at) };
  const records: VetoRecord[] = verdict.rejectedBy.map((principal) => ({ ...base, principal, kind: 'veto' as const }));
  const withdrawn = verdict.envelopes.some((e) => e.role === 'requester' && e.decision === 'reject' && e.status !== 'invalid' && e.principal === verdict.plan!.requester);
  if (withdrawn) records.push({ ...base, principal: verdict.plan.requester, kind: 'withdrawal' });
  return records;
}

/** Refusal reasons for recorded vetoes and withdrawals of this plan that the verdict no longer sees. */
export function removedVetoes(records: readonly VetoRecord[], verdict: Verdict): string[] {
  if (!verdict.plan) return [];
  const current = vetoesIn(verdict, new Date(0));
  return records
    .filter((r) => r.planDigest === verdict.plan!.digest && !current.some((c) => c.principal === r.principal && c.kind === r.kind))
    .map((r) => `${r.kind === 'veto' ? `vetoed by ${r.principal}` : `withdrawn by the requester ${r.principal}`} (recorded ${r.at} in the repository's .eventctl/vetoes.jsonl); the signed reject is no longer beside the plan, but a veto, once seen, binds`);
}
