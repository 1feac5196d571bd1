import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPlan, writePlan, type NewPlanInput } from '../../src/approval/plan.js';
import { parsePolicy } from '../../src/approval/policy.js';
import { planInput, policyDocument, policyText, publicKeyFromLine, type PrincipalSpec } from '../support/approval-fixtures.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

// key generate → approve → verify through the built CLI (`npm run build` first), with the real
// clock, a real git repository for the policy, and ssh-keygen for the SSH-key path.
const PASSPHRASE = 'correct horse battery staple';
const env = { EVENTCTL_KEY_PASSPHRASE: PASSPHRASE, CI: '1' };

const MANIFEST = `apiVersion: eventctl/v1
platform: acme-orders
buses:
  - name: orders
topics:
  - name: order.placed
    bus: orders
    source: com.acme.orders
    detailType: OrderPlaced
consumers:
  - name: billing-charge
    class: operational
    subscribes: [order.placed]
    rule: billing-charge
  - name: orders-read-model
    class: projection
    subscribes: [order.placed]
    rule: orders-read-model
replay:
  approvalPolicy: policies/replay-approval.yaml
`;

interface Fixture {
  repo: string;
  policySha256: string;
  policyVersion: number;
}

let fx: Fixture;
let planCounter = 0;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'pipe' });
}

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return runCli(args, { cwd: fx.repo, env: { ...env, ...extraEnv } });
}

async function plan(overrides: Partial<NewPlanInput> = {}): Promise<string> {
  const now = new Date();
  const hour = 3600_000;
  const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
  const dir = join(fx.repo, 'replays', `p${(planCounter += 1)}`);
  await writePlan(dir, newPlan(planInput({ window: { start: iso(new Date(now.getTime() - 3 * hour)), end: iso(new Date(now.getTime() - hour)) }, ...overrides }), {
    now, ttlMinutes: 120, policy: { version: fx.policyVersion, sha256: fx.policySha256 },
  }));
  return dir;
}

beforeAll(async () => {
  const repo = tempDir('eventctl-e2e-approval-');
  fx = { repo, policySha256: '', policyVersion: 0 };
  const keys: Record<string, string> = {};
  for (const principal of ['alice', 'bob', 'carol', 'dave']) {
    const result = await cli(['key', 'generate', '--principal', principal, '--out', `keys/${principal}`, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    keys[principal] = (JSON.parse(result.stdout) as { publicKey: string }).publicKey;
  }
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'erin@laptop', '-f', join(repo, 'keys', 'erin_ssh')]);
  const principals: Record<string, PrincipalSpec> = {
    alice: { groups: ['orders-owners'], keys: [publicKeyFromLine(keys.alice!, 'ed25519')] },
    bob: { groups: ['sre'], keys: [publicKeyFromLine(keys.bob!, 'ed25519')] },
    carol: { groups: ['orders-owners', 'sre'], keys: [publicKeyFromLine(keys.carol!, 'ed25519')] },
    dave: { groups: ['sre'], keys: [publicKeyFromLine(keys.dave!, 'ed25519')] },
    erin: { groups: ['sre'], keys: [publicKeyFromLine(readFileSync(join(repo, 'keys', 'erin_ssh.pub'), 'utf8'), 'sshsig')] },
  };
  const text = policyText(policyDocument(principals, { version: 3 }));
  mkdirSync(join(repo, 'policies'));
  writeFileSync(join(repo, 'policies', 'replay-approval.yaml'), text);
  writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'e2e@example.com');
  git(repo, 'config', 'user.name', 'e2e');
  git(repo, 'add', 'policies', 'eventctl.yaml');
  git(repo, 'commit', '-q', '-m', 'approval policy v3');
  const loaded = parsePolicy(Buffer.from(text));
  fx.policySha256 = loaded.sha256;
  fx.policyVersion = loaded.policy.version;
});

describe('approval flow through the CLI', () => {
  it('key generate wrote a 0600 encrypted key and refuses to run without a passphrase in CI', async () => {
    expect(readFileSync(join(fx.repo, 'keys', 'alice.key'), 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    const result = await runCli(['key', 'generate', '--principal', 'zed', '--out', 'keys/zed'], { cwd: fx.repo, env: { CI: '1', EVENTCTL_KEY_PASSPHRASE: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/EVENTCTL_KEY_PASSPHRASE/);
  });

  it('operational plan: refused (3) until the requester and two distinct eligible approvers signed; then allowed (0)', async () => {
    const dir = await plan();
    let verify = await cli(['replay', 'verify', dir]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/requester carol has not signed/);
    expect(verify.stderr).toMatch(/needs 2 distinct approvers/);

    const request = await cli(['replay', 'approve', dir, '--key', 'keys/carol.key', '--role', 'requester', '--yes']);
    expect(request.code, request.stderr).toBe(0);
    expect(request.stderr).toContain('(what you sign)');
    const selfApprove = await cli(['replay', 'approve', dir, '--key', 'keys/carol.key', '--yes']);
    expect(selfApprove.code, selfApprove.stderr).toBe(0);
    expect((await cli(['replay', 'approve', dir, '--key', 'keys/alice.key', '--yes'])).code).toBe(0);

    verify = await cli(['replay', 'verify', dir]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/self-approval/);
    expect(verify.stderr).toMatch(/has 1 \(alice\)/);

    expect((await cli(['replay', 'approve', dir, '--key', 'keys/bob.key', '--yes'])).code).toBe(0);
    verify = await cli(['replay', 'verify', dir, '--format', 'json']);
    expect(verify.code, verify.stderr).toBe(0);
    const verdict = JSON.parse(verify.stdout) as { schemaVersion: number; allowed: boolean; approvers: string[]; policy: { source: { kind: string; ref: string } } };
    expect(verdict).toMatchObject({ schemaVersion: 1, allowed: true, approvers: ['alice', 'bob'] });
    expect(verdict.policy.source).toMatchObject({ kind: 'git', ref: 'main' });

    // Any byte changed afterwards voids every approval.
    const file = join(dir, 'plan.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"maxEvents":2000', '"maxEvents":2999'));
    verify = await cli(['replay', 'verify', dir]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/signed for another plan/);
  });

  it('projection-only plan: allowed with no approvals', async () => {
    const dir = await plan({ targets: [{ consumer: 'orders-read-model', class: 'projection', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/orders/orders-read-model' }] });
    const verify = await cli(['replay', 'verify', dir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/ALLOWED/);
    expect(verify.stdout).toMatch(/approvals +not required/);
  });

  it('an operator SSH key signs through ssh-keygen (--ssh-key), and a --reject vetoes', async () => {
    const dir = await plan();
    expect((await cli(['replay', 'approve', dir, '--key', 'keys/carol.key', '--role', 'requester', '--yes'])).code).toBe(0);
    expect((await cli(['replay', 'approve', dir, '--key', 'keys/alice.key', '--yes'])).code).toBe(0);
    const ssh = await cli(['replay', 'approve', dir, '--ssh-key', 'keys/erin_ssh', '--yes']);
    expect(ssh.code, ssh.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.dsse.json'))).toHaveLength(3);
    expect((await cli(['replay', 'verify', dir])).code).toBe(0);

    const veto = await cli(['replay', 'approve', dir, '--key', 'keys/dave.key', '--reject', '--comment', 'consumer not idempotent yet', '--yes']);
    expect(veto.code, veto.stderr).toBe(0);
    const verify = await cli(['replay', 'verify', dir]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/vetoed by dave/);
  });

  it('a policy weakened in the working tree does not count; --policy reads it but the plan pins the merged one', async () => {
    const dir = await plan();
    const weakened = readFileSync(join(fx.repo, 'policies', 'replay-approval.yaml'), 'utf8').replace('vetoOnReject: true', 'vetoOnReject: false');
    writeFileSync(join(fx.repo, 'policies', 'replay-approval.yaml'), weakened);
    try {
      const signed = await cli(['replay', 'approve', dir, '--key', 'keys/alice.key', '--policy', 'policies/replay-approval.yaml', '--yes']);
      expect(signed.code).toBe(3);
      expect(signed.stderr).toMatch(/different approval policy/);
      const verify = await cli(['replay', 'verify', dir, '--policy', 'policies/replay-approval.yaml']);
      expect(verify.code).toBe(3);
      expect(verify.stderr).toMatch(/the plan was made under policy v3/);
    } finally {
      git(fx.repo, 'checkout', '--', 'policies/replay-approval.yaml');
    }
  });

  it('refuses a key that is not in the policy, and an approve without --yes in CI', async () => {
    const dir = await plan();
    expect((await cli(['key', 'generate', '--principal', 'mallory', '--out', 'keys/mallory'])).code).toBe(0);
    const stranger = await cli(['replay', 'approve', dir, '--key', 'keys/mallory.key', '--yes']);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/is not in the approval policy/);
    const noYes = await cli(['replay', 'approve', dir, '--key', 'keys/alice.key']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
  });

  it('key, public key and policy files the user names: a FIFO or a directory is exit 2 at once, never a hang', async () => {
    const dir = await plan();
    const odd = join(fx.repo, 'odd');
    mkdirSync(odd);
    try {
      for (const name of ['fifo.key', 'fifo_ssh.pub', 'fifo-policy.yaml']) execFileSync('mkfifo', [join(odd, name)]);
      mkdirSync(join(odd, 'dir-policy.yaml'));
      const checks: Array<[string[], RegExp]> = [
        [['replay', 'approve', dir, '--key', 'odd/fifo.key', '--yes'], /key file odd\/fifo\.key is a FIFO \(named pipe\), not a regular file/],
        [['replay', 'approve', dir, '--ssh-key', 'odd/fifo_ssh', '--yes'], /public key file .*odd\/fifo_ssh\.pub is a FIFO/],
        [['policy', 'lint', 'odd/fifo-policy.yaml'], /approval policy odd\/fifo-policy\.yaml is a FIFO/],
        [['policy', 'lint', 'odd/dir-policy.yaml'], /approval policy odd\/dir-policy\.yaml is a directory, not a regular file/],
        [['replay', 'verify', dir, '--policy', 'odd/fifo-policy.yaml'], /approval policy odd\/fifo-policy\.yaml is a FIFO/],
      ];
      for (const [args, message] of checks) {
        const result = await runCli(args, { cwd: fx.repo, env, timeoutMs: 20_000 });
        expect(result.code, `${args.join(' ')}: ${result.stderr} (signal ${result.signal})`).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at |hit a bug|internal error/);
      }
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  });

  it('policy lint passes on the committed policy and fails (1) on an edit that did not raise the version', async () => {
    expect((await cli(['policy', 'lint'])).code).toBe(0);
    const path = join(fx.repo, 'policies', 'replay-approval.yaml');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('maxEvents: 50000', 'maxEvents: 60000'));
    try {
      const lint = await cli(['policy', 'lint', '--base-ref', 'main']);
      expect(lint.code).toBe(1);
      expect(lint.stdout).toMatch(/version \(3\) is not greater/);
    } finally {
      writeFileSync(path, original);
    }
  });
});
