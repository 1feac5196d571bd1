import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { CONSUMER_CLASSES, type ConsumerClass, type LoadedManifest } from '../manifest/model.js';
import { MAX_POLICY_BYTES, parsePolicy } from '../approval/policy.js';
import { readApprovalPolicyBytes } from '../manifest/load.js';
import type { ApprovalPolicyFacts, LintFacts, RunbookFact } from './lint-input.js';

/**
 * The I/O lint needs before its pure rules run: the approval policy's replay limits and whether
 * runbook files exist. The policy is parsed only for the fields lint reads, tolerating the rest
 * (its full semantics belong to src/approval/policy.ts and `eventctl policy lint`).
 */
export function readLintFacts(loaded: LoadedManifest): LintFacts {
  const runbooks: Record<string, RunbookFact> = {};
  for (const [key, path] of Object.entries(loaded.manifest.runbooks ?? {})) {
    runbooks[key] = { path, exists: isFileInside(resolve(loaded.dir, path), loaded.root) };
  }
  const policyPath = loaded.manifest.replay?.approvalPolicy;
  return policyPath ? { runbooks, approvalPolicy: readPolicyLimits(loaded, policyPath) } : { runbooks };
}

function isFileInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  return existsSync(path) && statSync(path).isFile();
}

function readPolicyLimits(loaded: LoadedManifest, policyPath: string): ApprovalPolicyFacts {
  // The loader already refused a policy path outside the repository or missing. The policy is
  // parsed by the approval module's strict parser, so lint and `replay run` read it alike.
  const absolute = resolve(loaded.dir, policyPath);
  const loadedPolicy = parsePolicy(readApprovalPolicyBytes(loaded, policyPath, MAX_POLICY_BYTES), relative(loaded.root, absolute));
  const maxWindowMinutes: Partial<Record<ConsumerClass, number>> = {};
  for (const cls of CONSUMER_CLASSES) {
    const value = loadedPolicy.policy.classes[cls]?.limits?.maxWindowMinutes;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) maxWindowMinutes[cls] = value;
  }
  return { file: policyPath, maxWindowMinutes };
}
