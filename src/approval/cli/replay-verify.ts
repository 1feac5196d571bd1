import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../../context.js';
import { ExitCode, RefusedError, UsageError } from '../../errors.js';
import { readEnvelopeFiles } from '../approval.js';
import { defaultJournalPath, readJournal, type JournalEntry } from '../journal.js';
import { MAX_PLAN_BYTES, parsePlanBytes, PLAN_FILE, type PlanArtifact } from '../plan.js';
import { verifyApprovals, type Verdict } from '../verify.js';
import { commandPolicyBytes, type PolicyFlags } from './policy-input.js';
import { renderVerdict } from './render.js';

export interface VerifyOptions extends PolicyFlags {
  journal?: string;
}

/** Exact plan bytes (a non-canonical plan becomes a refusal reason, not an input error). */
async function readPlanBytes(dir: string): Promise<Buffer> {
  const file = join(dir, PLAN_FILE);
  try {
    if ((await stat(file)).size > MAX_PLAN_BYTES) return Buffer.alloc(MAX_PLAN_BYTES + 1);
    return await readFile(file);
  } catch {
    throw new UsageError(`no plan at ${file}`, { hint: 'pass the plan directory written by `replay plan` or `dlq redrive --plan-out`' });
  }
}

export interface PlanDirectoryVerdict {
  verdict: Verdict;
  /** Parsed from the very bytes that were verified, when allowed: execute this, never re-read the file. */
  plan?: PlanArtifact;
  journal: JournalEntry[];
  journalFile?: string;
}

/**
 * Everything `verify` (and `replay run` / `dlq redrive --plan`, with mode 'run') needs from disk,
 * then the pure verdict. Exported for the executors.
 */
export async function verifyPlanDirectory(ctx: CommandContext, planDir: string, options: VerifyOptions & { mode?: 'verify' | 'run' }): Promise<PlanDirectoryVerdict> {
  const now = ctx.now();
  const dir = ctx.resolvePath(planDir);
  const planBytes = await readPlanBytes(dir);
  const { policy, manifest } = await commandPolicyBytes(ctx, options);
  const journalFile = options.journal !== undefined ? ctx.resolvePath(options.journal) : manifest ? defaultJournalPath(manifest.dir) : undefined;
  const journal = journalFile ? await readJournal(journalFile) : [];
  const envelopes = await readEnvelopeFiles(dir);
  const verdict = verifyApprovals({ planBytes, policyBytes: policy.bytes, policySource: policy.source, envelopes, now, mode: options.mode ?? 'verify', journal });
  if (!journalFile) verdict.warnings.push('no journal was checked (no manifest; pass --journal <file>)');
  return {
    verdict,
    journal,
    ...(verdict.allowed ? { plan: parsePlanBytes(planBytes) } : {}),
    ...(journalFile ? { journalFile } : {}),
  };
}

/** `eventctl replay verify <plan-dir>`: the offline verdict; exit 0 allowed, 3 refused. */
export async function replayVerify(ctx: CommandContext, planDir: string, options: VerifyOptions): Promise<number> {
  const { verdict } = await verifyPlanDirectory(ctx, planDir, options);
  ctx.emit(ctx.global.format === 'json' ? JSON.stringify(verdict, null, 2) : renderVerdict(verdict, ctx.color));
  if (!verdict.allowed) {
    throw new RefusedError(`plan ${verdict.plan?.id ?? planDir} is not approved (${verdict.reasons.length} reason${verdict.reasons.length === 1 ? '' : 's'})`, verdict.reasons);
  }
  return ExitCode.ok;
}
