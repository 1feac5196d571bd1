import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, testClients } from '../support/aws-test-clients.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { freshSandbox, putEvents, validOrderPlaced } from '../support/live-scenario.js';
import { approvePlan, git, POLICY_PATH, replayPlatform, type ReplayPlatform } from '../support/replay-platform.js';
import { runCli } from '../support/run-cli.js';

/** The built CLI end to end (run `npm run build` first): plan → approve → verify → run against a moto of this file's own. */
let moto: MotoServer;
let endpoint: string;
const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000);
const start = new Date(end.getTime() - 60 * 60_000);
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

describe('eventctl replay (built CLI, moto)', () => {
  let platform: ReplayPlatform;
  let n = 0;
  const cli = (args: string[], p = platform) => runCli([...args, '-m', p.manifest], { env: motoEnv(endpoint), cwd: p.dir });
  const plan = async (consumers: string[], p = platform, extra: string[] = []) => {
    const out = join(p.dir, 'replays', `e2e-${(n += 1)}`);
    const r = await cli(['replay', 'plan', ...consumers, '--from', iso(start), '--to', iso(end), '--out', out, '--requester', 'carol', '--reason', 'INC-7: e2e', '--format', 'json', ...extra], p);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    return { dir: out, view: JSON.parse(r.stdout) as Record<string, any> };
  };

  beforeAll(async () => {
    moto = await startMotoServer();
    endpoint = moto.endpoint;
    platform = replayPlatform();
    await freshSandbox(endpoint, platform.manifest);
    const aws = testClients(endpoint);
    await putEvents(aws, 'orders', 'com.acme.orders', 'OrderPlaced', [validOrderPlaced(), validOrderPlaced()]);
    aws.destroy();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('a projection-only plan runs with --yes and no approvals', async () => {
    const { dir, view } = await plan(['orders-read-model']);
    expect(view.approvals.required).toBe(false);
    const run = await cli(['replay', 'run', dir, '--yes', '--poll-interval', '0.1']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`replay ${view.replayName} COMPLETED`));
    expect(run.stdout).toMatch(/orders-read-model \[projection\] arn:aws:events:us-east-1:123456789012:rule\/orders\/orders-read-model/);
    expect(run.stderr).toMatch(/100%/);
    const status = await cli(['replay', 'status', view.replayName, '--format', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'COMPLETED', filterArns: ['arn:aws:events:us-east-1:123456789012:rule/orders/orders-read-model'] });
  });

  it('plan, run, status and cancel say where they read: on stderr, and as `aws` in JSON', async () => {
    const line = `read account 123456789012, region us-east-1, profile (none), endpoint ${endpoint}`;
    const where = { account: '123456789012', region: 'us-east-1', profile: null, endpoint };
    const out = join(platform.dir, 'replays', `e2e-where-${(n += 1)}`);
    const planned = await cli(['replay', 'plan', 'orders-read-model', '--from', iso(start), '--to', iso(end), '--out', out, '--requester', 'carol', '--format', 'json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain(line);
    const view = JSON.parse(planned.stdout) as { replayName: string; aws: unknown };
    expect(view.aws).toMatchObject(where);
    const notRun = await cli(['replay', 'status', out, '--format', 'json']);
    expect(notRun.code, notRun.stderr).toBe(0);
    expect(notRun.stderr).toContain(line);
    expect(JSON.parse(notRun.stdout)).toMatchObject({ state: 'NOT_RUN', aws: where });
    const run = await cli(['replay', 'run', out, '--yes', '--no-wait', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(line);
    expect(JSON.parse(run.stdout)).toMatchObject({ aws: where });
    const status = await cli(['replay', 'status', view.replayName]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain(line);
    // Whatever state the replay reached, cancel reads the same place first and says so.
    const cancel = await cli(['replay', 'cancel', view.replayName, '--yes', '--format', 'json']);
    expect(cancel.stderr).toContain(line);
    if (cancel.code === 0) expect(JSON.parse(cancel.stdout)).toMatchObject({ aws: where });
  });

  it('replay plan fits 80 columns at COLUMNS=80: the table, the details and the next: commands wrap', async () => {
    const out = `replays/incident-2026-11-28-orders-read-model-and-billing-charge-w80-${(n += 1)}`;
    const r = await runCli(['replay', 'plan', 'orders-read-model', 'billing-charge', '--from', iso(start), '--to', iso(end), '--out', out, '--requester', 'carol', '-m', platform.manifest], {
      env: { ...motoEnv(endpoint), COLUMNS: '80' },
      cwd: platform.dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CONSUMER +CLASS +RULE/);
    expect(r.stdout).toMatch(/estimate/);
    // Only the plan file's path may overflow, whole on a line of its own (the temp dir is long).
    const planFile = join(platform.dir, out, 'plan.json');
    const tooWide = r.stdout.split('\n').filter((l) => l.length > 80);
    expect(tooWide, r.stdout).toEqual(planFile.length > 78 ? [`  ${planFile}`] : []);
    expect(r.stdout).toContain(planFile);
    // The next: commands break between arguments with a trailing backslash: pasted, each is whole.
    const next = r.stdout.slice(r.stdout.indexOf('\nnext:\n') + '\nnext:\n'.length);
    expect(next.split('\n').some((l) => l.endsWith(' \\')), next).toBe(true);
    const pasted = next.replace(/ \\\n +/g, ' ').split('\n').map((l) => l.trim().replace(/ {2,}/g, ' ')).filter(Boolean);
    expect(pasted).toEqual([
      `eventctl replay approve ${out} --key <requester key> --role requester`,
      '# each approver',
      `eventctl replay approve ${out} --key <approver key>`,
      `eventctl replay verify ${out}`,
      `eventctl replay run ${out}`,
    ]);
  });

  it('without --yes and without a terminal it stops before starting (exit 2)', async () => {
    const { dir } = await plan(['orders-read-model']);
    const run = await cli(['replay', 'run', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to continue without confirmation/);
    expect(run.stderr).not.toMatch(/^started/m);
  });

  it('an operational plan exits 3 listing every reason, then runs with the requester and two approvals', async () => {
    const { dir, view } = await plan(['billing-charge', 'orders-read-model']);
    const refused = await cli(['replay', 'run', dir, '--yes']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/nothing was sent to AWS/);
    expect(refused.stderr).toMatch(/- the requester carol has not signed the plan/);
    expect(refused.stderr).toMatch(/- operational: needs 2 distinct approvers other than the requester, has 0/);
    expect(refused.stderr).toMatch(/- operational: needs 1 approver from sre, has 0/);

    await approvePlan(platform, dir, 'carol', { role: 'requester' });
    await approvePlan(platform, dir, 'alice');
    const one = await cli(['replay', 'verify', dir]);
    expect(one.code).toBe(3);
    await approvePlan(platform, dir, 'bob');
    const verify = await cli(['replay', 'verify', dir]);
    expect(verify.code).toBe(0);
    const run = await cli(['replay', 'run', dir, '--yes', '--format', 'json', '--poll-interval', '0.1']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ name: view.replayName, state: 'COMPLETED', approvers: ['alice', 'bob'] });
    expect(out.filterArns).toEqual(['arn:aws:events:us-east-1:123456789012:rule/orders/billing-charge-replay', 'arn:aws:events:us-east-1:123456789012:rule/orders/orders-read-model']);
    // One-time: the same plan again is refused.
    const again = await cli(['replay', 'run', dir, '--yes']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already executed/);
  });

  it('plans an operational consumer through its opt-in replay rule, and refuses (exit 2) when that rule is missing', async () => {
    const out = join(platform.dir, 'replays', `e2e-${(n += 1)}`);
    const text = await cli(['replay', 'plan', 'shipping-notifier', '--from', iso(start), '--to', iso(end), '--out', out, '--requester', 'carol']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/shipping-notifier +operational +arn:aws:events:us-east-1:123456789012:rule\/orders\/shipping-notifier-replay /);
    expect(text.stdout).toMatch(/opt-in +shipping-notifier: replayed through rule shipping-notifier-replay \(rule shipping-notifier excludes replays\)/);
    expect(text.stderr).not.toMatch(/excludes replayed events/);

    const aws = testClients(endpoint);
    try {
      await aws.events.send(new RemoveTargetsCommand({ Rule: 'shipping-notifier-replay', EventBusName: 'orders', Ids: ['shipping-notifier'] }));
      await aws.events.send(new DeleteRuleCommand({ Name: 'shipping-notifier-replay', EventBusName: 'orders' }));
    } finally {
      aws.destroy();
    }
    const refused = await cli(['replay', 'plan', 'shipping-notifier', '--from', iso(start), '--to', iso(end), '--out', `${out}-again`, '--requester', 'carol']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/operational consumer shipping-notifier has no opt-in replay rule orders\/shipping-notifier-replay/);
    expect(refused.stderr).toMatch(/eventctl sandbox up/);
    expect(refused.stderr).toMatch(/create rule shipping-notifier-replay on bus orders/);
  });

  it('changing one byte of an approved plan voids every approval (exit 3)', async () => {
    const { dir } = await plan(['billing-charge']);
    await approvePlan(platform, dir, 'carol', { role: 'requester' });
    await approvePlan(platform, dir, 'alice');
    await approvePlan(platform, dir, 'bob');
    expect((await cli(['replay', 'verify', dir])).code).toBe(0);
    const file = join(dir, 'plan.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('INC-7: e2e', 'INC-8: e2e'));
    const run = await cli(['replay', 'run', dir, '--yes']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/signed for another plan/);
    expect(run.stderr).toMatch(/has 0/);
    // A byte that breaks the canonical form is refused the same way, not as an input error.
    writeFileSync(file, `${readFileSync(file, 'utf8')} `);
    const broken = await cli(['replay', 'run', dir, '--yes']);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/not in RFC 8785 canonical form/);
  });

  it('reads the policy from the protected branch, never the working tree or another ref', async () => {
    const p = replayPlatform();
    // A different policy in the working tree (uncommitted), and the same one committed on a side branch.
    const v2 = p.policyText.replace(/^version: 1$/m, 'version: 2');
    expect(v2).not.toBe(p.policyText);
    git(p.dir, ['checkout', '-q', '-b', 'policy-v2']);
    writeFileSync(join(p.dir, POLICY_PATH), v2);
    git(p.dir, ['commit', '-q', '-am', 'policy v2']);
    git(p.dir, ['checkout', '-q', 'main']);
    writeFileSync(join(p.dir, POLICY_PATH), v2);

    // Planned against the working-tree file: `run` reads main's policy, which the plan does not pin.
    const { dir } = await plan(['orders-read-model'], p, ['--policy', join(p.dir, POLICY_PATH)]);
    const refused = await cli(['replay', 'run', dir, '--yes'], p);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/made under policy v2 .* but the trusted policy is v1/);
    // A plan made from main (the default) runs without naming a ref, whatever the working tree says.
    const fromMain = await plan(['orders-read-model'], p);
    expect(fromMain.view.policy.source).toMatch(/^main:policies\/replay-approval.yaml/);
    expect((await cli(['replay', 'run', fromMain.dir, '--yes', '--poll-interval', '0.1'], p)).code).toBe(0);
    // A run under any other ref is refused (the policy comes from the protected branch only);
    // verify may preview it, labelled as such.
    const rogue = await cli(['replay', 'run', dir, '--yes', '--policy-ref', 'policy-v2', '--poll-interval', '0.1'], p);
    expect(rogue.stderr).not.toMatch(/internal error/);
    expect(rogue.code).toBe(3);
    expect(rogue.stderr).toMatch(/--policy-ref policy-v2 is not the protected branch/);
    const preview = await cli(['replay', 'verify', dir, '--policy-ref', 'policy-v2'], p);
    expect(preview.stdout).toMatch(/PREVIEW/);
    // The refused rogue run did not raise the rollback floor: a plan from main still runs.
    const back = await plan(['orders-read-model'], p);
    expect((await cli(['replay', 'run', back.dir, '--yes', '--poll-interval', '0.1'], p)).code).toBe(0);
  });
});
