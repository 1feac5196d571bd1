/**
 * The example platform in a temporary git repository whose default branch holds a real approval
 * policy (test keys), so `replay run` can read the policy from a git ref as it does for real.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalFileName } from '../../src/approval/approval.js';
import { parsePolicy, type LoadedPolicy } from '../../src/approval/policy.js';
import { readPlan } from '../../src/approval/plan.js';
import { makeKey, policyDocument, policyText, signApproval, type PrincipalSpec, type TestKey } from './approval-fixtures.js';
import { REPO_ROOT } from './run-cli.js';
import { tempDir } from './temp-dir.js';

export const POLICY_PATH = 'policies/replay-approval.yaml';

export function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=eventctl test', '-c', 'user.email=test@eventctl.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

export interface ReplayPlatform {
  dir: string;
  manifest: string;
  keys: Record<'alice' | 'bob' | 'carol' | 'dave', TestKey>;
  policy: LoadedPolicy;
  policyText: string;
}

/** Copies fixtures/platform, writes the policy, commits it on `main`. */
export function replayPlatform(): ReplayPlatform {
  const dir = tempDir('eventctl-replay-');
  cpSync(join(REPO_ROOT, 'fixtures/platform'), dir, { recursive: true });
  const keys = { alice: makeKey(), bob: makeKey(), carol: makeKey(), dave: makeKey() };
  const principals: Record<string, PrincipalSpec> = {
    alice: { groups: ['orders-owners'], keys: [keys.alice] },
    bob: { groups: ['sre'], keys: [keys.bob] },
    carol: { groups: ['orders-owners', 'sre'], keys: [keys.carol] },
    dave: { groups: ['sre'], keys: [keys.dave] },
  };
  const text = policyText(policyDocument(principals, { version: 1 }));
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, POLICY_PATH), text);
  writeFileSync(join(dir, '.gitignore'), '.eventctl/\nreplays/\n');
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '-q', '-m', 'platform with approval policy']);
  return { dir, manifest: join(dir, 'eventctl.yaml'), keys, policy: parsePolicy(Buffer.from(text)), policyText: text };
}

/** Signs the plan in `planDir` as `principal` and writes the envelope beside it (as `replay approve` would). */
export async function approvePlan(platform: ReplayPlatform, planDir: string, principal: keyof ReplayPlatform['keys'], options: { role?: 'approver' | 'requester'; decision?: 'approve' | 'reject'; now?: Date } = {}): Promise<string> {
  const artifact = await readPlan(planDir);
  const role = options.role ?? 'approver';
  const decision = options.decision ?? 'approve';
  const key = platform.keys[principal];
  const file = await signApproval(artifact, platform.policy, principal, key, {
    role,
    decision,
    now: options.now ?? new Date(Date.now() - 60_000),
    // A second file by the same principal (e.g. a self-approval next to the request) gets its own name.
    name: `${role}-${approvalFileName(role, decision, principal, key.publicKey)}`,
  });
  const path = join(planDir, file.name);
  writeFileSync(path, file.bytes, { flag: 'wx' });
  return path;
}
