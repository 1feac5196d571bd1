import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/approval/canonical-json.js';
import { appendJournal, findExecution, readJournal, reserveExecution, type JournalEntry } from '../../../src/approval/journal.js';
import { checkPlan, executionName, newPlan, readPlan, writePlan } from '../../../src/approval/plan.js';
import { readPolicyFromGit, resolvePolicyBytes } from '../../../src/approval/policy-source.js';
import { FIXED_NOW, planInput } from '../../support/approval-fixtures.js';
import { tempDir } from '../../support/temp-dir.js';

const tmp = () => tempDir('eventctl-plan-');
const policyPin = { version: 3, sha256: 'a'.repeat(64) };

describe('plans', () => {
  it('writes canonical bytes and reads back the same bytes, digest and plan', async () => {
    const dir = join(tmp(), 'inc-1');
    const plan = newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    const written = await writePlan(dir, plan);
    const bytes = readFileSync(join(dir, 'plan.json'));
    expect(bytes.toString()).toBe(canonicalize(plan));
    const read = await readPlan(dir);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(read.digest).toBe(written.digest);
    expect(read.plan).toEqual(plan);
    expect(plan.expiresAt).toBe('2026-11-29T11:00:00Z');
    expect(executionName(plan)).toMatch(/^ectl-[0-9a-f-]{36}$/);
    expect(executionName(plan).length).toBeLessThanOrEqual(64);
  });

  it('gives every plan a fresh id and never overwrites one', async () => {
    const dir = tmp();
    const a = newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    const b = newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    expect(a.planId).not.toBe(b.planId);
    await writePlan(dir, a);
    await expect(writePlan(dir, b)).rejects.toThrow(/already exists/);
  });

  it('refuses a hand-edited (non-canonical) plan on read', async () => {
    const dir = tmp();
    const plan = newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
    await expect(readPlan(dir)).rejects.toThrow(/canonical form/);
  });

  it('models a redrive plan with queue URLs', () => {
    const plan = newPlan(planInput({
      kind: 'redrive', archiveArn: undefined, eventBusArn: undefined, window: undefined,
      targets: [{ consumer: 'billing-charge', class: 'operational', dlqUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/billing-charge-dlq', queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/billing-charge' }],
    }), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    expect(plan.kind).toBe('redrive');
    expect(canonicalize(plan)).not.toContain('archiveArn');
  });

  it('validates strictly', () => {
    const plan = newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    const problems = (value: unknown) => checkPlan(value).problems.map((p) => `${p.pointer}: ${p.message}`).join('\n');
    expect(problems({ ...plan, extra: 1 })).toMatch(/unknown field 'extra'/);
    expect(problems({ ...plan, targets: [] })).toMatch(/\/targets: needs at least 1 entry/);
    expect(problems({ ...plan, window: undefined })).toMatch(/a replay needs a time window/);
    expect(problems({ ...plan, createdAt: '2026-11-29 10:00' })).toMatch(/UTC instant/);
    expect(problems({ ...plan, estimate: { events: 5, maxEvents: 4, method: 'x' } })).toMatch(/exceeds maxEvents/);
    expect(problems({ ...plan, targets: [{ consumer: 'a', class: 'operational' }] })).toMatch(/ruleArn/);
    expect(problems({ ...plan, targets: [...plan.targets, ...plan.targets] })).toMatch(/listed twice/);
  });
});

describe('journal', () => {
  const entry = (planId: string, digest: string): JournalEntry => ({ v: 1, planId, planDigest: digest, kind: 'replay', executionName: `ectl-${planId}`, policyVersion: 3, policySha256: 'a'.repeat(64), state: 'completed', at: '2026-11-29T10:00:00Z' });

  it('appends, reads and finds executed plans by id or digest', async () => {
    const file = join(tmp(), '.eventctl', 'journal.jsonl');
    expect(await readJournal(file)).toEqual([]);
    await appendJournal(file, entry('p1', 'd1'));
    const entries = await readJournal(file);
    expect(findExecution(entries, { planId: 'p1', planDigest: 'x' })?.planId).toBe('p1');
    expect(findExecution(entries, { planId: 'x', planDigest: 'd1' })?.planId).toBe('p1');
    expect(findExecution(entries, { planId: 'x', planDigest: 'y' })).toBeUndefined();
  });

  it('reserves a plan once; the second reservation is refused', async () => {
    const file = join(tmp(), 'journal.jsonl');
    await reserveExecution(file, entry('p2', 'd2'));
    await expect(reserveExecution(file, entry('p2', 'd2'))).rejects.toThrow(/already executed/);
    expect((await readJournal(file)).map((e) => e.state)).toEqual(['started']);
  });

  it('refuses a corrupt journal', async () => {
    const file = join(tmp(), 'journal.jsonl');
    writeFileSync(file, '{"v":1}\nnot json\n');
    await expect(readJournal(file)).rejects.toThrow(/journal.jsonl:1: not a journal entry/);
  });
});

describe('policy source (git)', () => {
  function repo(): string {
    const dir = tmp();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'test');
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'p.yaml'), 'version: 1\n');
    git('add', '.');
    git('commit', '-q', '-m', 'policy v1');
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(dir, 'policies', 'p.yaml'), 'version: 2 # weakened in the PR\n');
    return dir;
  }

  it('reads the policy from the default branch, not the working tree or the checked-out branch', async () => {
    const dir = repo();
    const read = await resolvePolicyBytes({ cwd: dir, manifestPolicy: { dir, path: 'policies/p.yaml' } });
    expect(read.bytes.toString()).toBe('version: 1\n');
    expect(read.source).toMatchObject({ kind: 'git', ref: 'main', path: 'policies/p.yaml' });
    expect((read.source as { commit: string }).commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads from an explicit ref, and --policy reads the working tree (marked as such)', async () => {
    const dir = repo();
    execFileSync('git', ['commit', '-q', '-am', 'v2'], { cwd: dir });
    const atFeature = await resolvePolicyBytes({ cwd: dir, ref: 'feature', manifestPolicy: { dir, path: 'policies/p.yaml' } });
    expect(atFeature.bytes.toString()).toMatch(/version: 2/);
    const file = await resolvePolicyBytes({ cwd: dir, file: 'policies/p.yaml' });
    expect(file.source.kind).toBe('working-tree');
  });

  it('explains a missing ref and a missing file', async () => {
    const dir = repo();
    await expect(readPolicyFromGit({ repoDir: dir, ref: 'nope', path: 'policies/p.yaml' })).rejects.toThrow(/git ref 'nope' does not exist/);
    await expect(readPolicyFromGit({ repoDir: dir, ref: 'main', path: 'policies/missing.yaml' })).rejects.toThrow(/does not exist at main/);
    await expect(readPolicyFromGit({ repoDir: dir, ref: '--output=/tmp/x', path: 'p' })).rejects.toThrow(/not a git ref/);
  });
});

describe('plan text safety and manifest cross-check', () => {
  it('refuses control and bidi-override characters that could hide text from an approver', () => {
    const plan = newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin });
    expect(checkPlan({ ...plan, reason: 'ok\u001b[2Khidden' }).problems.map((p) => p.message)).toContain('contains control or bidirectional-override characters');
    expect(checkPlan({ ...plan, reason: 'abc\u202edcba' }).problems).toHaveLength(1);
  });

  it('journalEntryFor records the plan identity and pinned policy', async () => {
    const { journalEntryFor } = await import('../../../src/approval/journal.js');
    const { parsePlanBytes, encodePlan } = await import('../../../src/approval/plan.js');
    const artifact = parsePlanBytes(encodePlan(newPlan(planInput(), { now: FIXED_NOW, ttlMinutes: 60, policy: policyPin })));
    const entry = journalEntryFor(artifact, { state: 'started', at: FIXED_NOW, approvers: ['alice', 'bob'] });
    expect(entry).toMatchObject({ planId: artifact.plan.planId, planDigest: artifact.digest, executionName: `ectl-${artifact.plan.planId}`, policyVersion: 3, state: 'started', at: '2026-11-29T10:00:00Z' });
  });
});
