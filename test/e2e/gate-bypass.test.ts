import { ListReplaysCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src/approval/canonical-json.js';
import { parsePlanBytes, type Plan } from '../../src/approval/plan.js';
import { parsePolicy } from '../../src/approval/policy.js';
import { makeKey, policyDocument, policyText, signApproval } from '../support/approval-fixtures.js';
import { motoEnv, testClients } from '../support/aws-test-clients.js';
import { freshSandbox, putEvents, validOrderPlaced } from '../support/live-scenario.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { approvePlan, git, replayPlatform, type ReplayPlatform } from '../support/replay-platform.js';
import { runCli } from '../support/run-cli.js';

/**
 * The five bypass classes of issue #10 and the hand-mutation list, each through the built CLI
 * (`npm run build` first) against moto: every attempt exits 3 and nothing reaches AWS (no replay
 * started, no message moved). Each test builds its own temp git repository (the protected branch
 * is its `main`, or `origin/HEAD` of a bare origin) and removes it afterwards. One moto per file.
 */
let moto: MotoServer;
let aws: ReturnType<typeof testClients>;
const cleanup: string[] = [];
const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000);
const start = new Date(end.getTime() - 60 * 60_000);
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const FAST = ['--wait', '1', '--empty-polls', '1', '--visibility-timeout', '5'];

function platform(): ReplayPlatform {
  const p = replayPlatform();
  cleanup.push(p.dir);
  return p;
}

function cli(p: ReplayPlatform, args: string[], env: NodeJS.ProcessEnv = {}, manifest = p.manifest) {
  return runCli([...args, '-m', manifest], { env: { ...motoEnv(moto.endpoint), ...env }, cwd: p.dir, timeoutMs: 45_000 });
}

async function queueUrl(name: string): Promise<string> {
  return (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

async function depth(name: string): Promise<number> {
  const a = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(name), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

let seeded = 0;
async function seed(name: string, n: number): Promise<void> {
  const url = await queueUrl(name);
  for (let i = 0; i < n; i += 10) {
    await aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: Math.min(10, n - i) }, (_, j) => ({ Id: `m${j}`, MessageBody: JSON.stringify({ seeded: (seeded += 1) }) })) }));
  }
}

async function replayNames(): Promise<string[]> {
  return ((await aws.events.send(new ListReplaysCommand({}))).Replays ?? []).map((r) => r.ReplayName!);
}

async function replayPlan(p: ReplayPlatform, consumers: string[]): Promise<{ dir: string; plan: Plan }> {
  const dir = join(p.dir, 'replays', `r-${consumers.join('-')}-${Math.random().toString(36).slice(2, 8)}`);
  const r = await cli(p, ['replay', 'plan', ...consumers, '--from', iso(start), '--to', iso(end), '--out', dir, '--requester', 'carol', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return { dir, plan: JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan };
}

async function redrivePlan(p: ReplayPlatform, consumer: string): Promise<{ dir: string; plan: Plan }> {
  const dir = join(p.dir, 'replays', `d-${consumer}-${Math.random().toString(36).slice(2, 8)}`);
  const r = await cli(p, ['dlq', 'redrive', consumer, '--plan-out', dir, '--requester', 'carol', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return { dir, plan: JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan };
}

/** Rewrites plan.json as a requester would: still canonical, so only the gate can tell. */
function editPlan(dir: string, edit: (plan: Plan) => void): void {
  const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
  edit(plan);
  writeFileSync(join(dir, 'plan.json'), canonicalBytes(plan));
}

function commitAll(p: ReplayPlatform, message: string): void {
  git(p.dir, ['add', '-A']);
  git(p.dir, ['commit', '-q', '-m', message]);
}

beforeAll(async () => {
  moto = await startMotoServer();
  aws = testClients(moto.endpoint);
  await freshSandbox(moto.endpoint, 'fixtures/platform/eventctl.yaml');
  await putEvents(aws, 'orders', 'com.acme.orders', 'OrderPlaced', [validOrderPlaced()]);
}, 60_000);

afterAll(async () => {
  aws?.destroy();
  await moto?.stop();
});

afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('1. plan targets are resolved, not trusted', () => {
  it('a projection replay plan edited to an operational consumer\'s replay rule is refused; no replay starts', async () => {
    const p = platform();
    const projection = await replayPlan(p, ['orders-read-model']);
    const operational = await replayPlan(p, ['billing-charge']);
    editPlan(projection.dir, (plan) => {
      plan.targets[0]!.ruleArn = operational.plan.targets[0]!.ruleArn;
      plan.targets[0]!.ruleSha256 = operational.plan.targets[0]!.ruleSha256;
    });
    const run = await cli(p, ['replay', 'run', projection.dir, '--yes', '--no-wait']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/gives it to billing-charge \(operational\)/);
    expect(await replayNames()).not.toContain(`ectl-${projection.plan.planId}`);
  });

  it('a projection redrive plan edited to an operational consumer\'s DLQ and queue is refused; nothing moves', async () => {
    const p = platform();
    await seed('billing-charge-dlq', 3);
    const before = await depth('billing-charge-dlq');
    const { dir } = await redrivePlan(p, 'orders-read-model');
    const dlq = await queueUrl('billing-charge-dlq');
    const queue = await queueUrl('billing-charge');
    editPlan(dir, (plan) => {
      plan.targets[0]!.dlqUrl = dlq;
      plan.targets[0]!.queueUrl = queue;
    });
    const run = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/gives it to billing-charge \(operational\)/);
    expect(await depth('billing-charge-dlq')).toBe(before);
  });
});

describe('2. classes and resources come from the protected branch, not the working tree', () => {
  it('re-classing an operational consumer as projection in the working tree does not let its DLQ move', async () => {
    const p = platform();
    await seed('billing-charge-dlq', 2);
    const before = await depth('billing-charge-dlq');
    writeFileSync(p.manifest, readFileSync(p.manifest, 'utf8').replace(/(name: billing-charge\n\s+class: )operational/, '$1projection'));
    const run = await cli(p, ['dlq', 'redrive', 'billing-charge', '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/billing-charge is an operational consumer on the protected branch/);
    expect(run.stderr).toMatch(/consumer billing-charge class: projection in the working tree, operational on main/);
    expect(await depth('billing-charge-dlq')).toBe(before);
  });

  it('a new working-tree projection consumer naming an operational consumer\'s DLQ is refused', async () => {
    const p = platform();
    await seed('billing-charge-dlq', 2);
    const before = await depth('billing-charge-dlq');
    writeFileSync(p.manifest, readFileSync(p.manifest, 'utf8').replace('\nworkflows:', '\n  - name: sneaky-view\n    class: projection\n    owner: team-x\n    subscribes: [order.placed]\n    queue: billing-charge\n    dlq: billing-charge-dlq\n    rebuildable: true\n\nworkflows:'));
    const run = await cli(p, ['dlq', 'redrive', 'sneaky-view', '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/sneaky-view is not a consumer on the protected branch/);
    expect(run.stderr).toMatch(/consumer sneaky-view is in the working tree but not on main/);
    expect(await depth('billing-charge-dlq')).toBe(before);
  });

  it('the same consumer merged to the protected branch is refused as an ambiguous claim', async () => {
    const p = platform();
    await seed('billing-charge-dlq', 2);
    const before = await depth('billing-charge-dlq');
    writeFileSync(p.manifest, readFileSync(p.manifest, 'utf8').replace('\nworkflows:', '\n  - name: sneaky-view\n    class: projection\n    owner: team-x\n    subscribes: [order.placed]\n    queue: billing-charge\n    dlq: billing-charge-dlq\n    rebuildable: true\n\nworkflows:'));
    commitAll(p, 'sneaky consumer');
    const run = await cli(p, ['dlq', 'redrive', 'sneaky-view', '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/billing-charge-dlq is claimed by billing-charge \(dlq\) and sneaky-view \(dlq\)/);
    expect(await depth('billing-charge-dlq')).toBe(before);
    const validate = await cli(p, ['validate']);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/eventctl.yaml:\d+:\d+: billing-charge-dlq is claimed by billing-charge \(dlq\) and sneaky-view \(dlq\)/);
  });
});

describe('3. the requester does not choose where the policy comes from', () => {
  it('--policy-ref to a branch with a weaker policy is refused in run mode (and labelled a preview in verify)', async () => {
    const p = platform();
    // The requester's own branch: two extra approvers whose keys the requester holds.
    git(p.dir, ['checkout', '-q', '-b', 'rogue']);
    const m1 = makeKey();
    const m2 = makeKey();
    const rogueText = policyText(policyDocument({
      carol: { groups: ['orders-owners', 'sre'], keys: [p.keys.carol] },
      m1: { groups: ['orders-owners'], keys: [m1] },
      m2: { groups: ['sre'], keys: [m2] },
    }, { version: 99 }));
    writeFileSync(join(p.dir, 'policies/replay-approval.yaml'), rogueText);
    commitAll(p, 'rogue policy');
    git(p.dir, ['checkout', '-q', 'main']);
    const dir = join(p.dir, 'replays', 'rogue');
    const planned = await cli(p, ['replay', 'plan', 'billing-charge', '--from', iso(start), '--to', iso(end), '--out', dir, '--requester', 'carol', '--policy-ref', 'rogue']);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
    const rogue = parsePolicy(Buffer.from(rogueText));
    const artifact = parsePlanBytes(readFileSync(join(dir, 'plan.json')));
    const signAt = { now: new Date(Date.now() - 60_000) };
    for (const [who, key, role] of [['carol', p.keys.carol, 'requester'], ['m1', m1, 'approver'], ['m2', m2, 'approver']] as const) {
      const file = await signApproval(artifact, rogue, who, key, { role, ...signAt });
      writeFileSync(join(dir, file.name), file.bytes);
    }
    const run = await cli(p, ['replay', 'run', dir, '--yes', '--no-wait', '--policy-ref', 'rogue']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/--policy-ref rogue is not the protected branch/);
    const verify = await cli(p, ['replay', 'verify', dir, '--policy-ref', 'rogue']);
    expect(verify.stdout).toMatch(/PREVIEW/);
    expect(await replayNames()).not.toContain(`ectl-${plan.planId}`);
  });

  it('a working-tree manifest pointing at another policy-shaped file is refused, naming the difference', async () => {
    const p = platform();
    const { dir } = await replayPlan(p, ['orders-read-model']);
    writeFileSync(join(p.dir, 'policies/other.yaml'), p.policyText);
    commitAll(p, 'another policy-shaped file');
    writeFileSync(p.manifest, readFileSync(p.manifest, 'utf8').replace('approvalPolicy: policies/replay-approval.yaml', 'approvalPolicy: policies/other.yaml'));
    const run = await cli(p, ['replay', 'run', dir, '--yes', '--no-wait']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/replay.approvalPolicy: policies\/other.yaml in the working tree, policies\/replay-approval.yaml on main/);
  });

  it('with a remote, origin/HEAD is the protected branch: a weaker local main does not count', async () => {
    const p = platform();
    const bare = mkdtempSync(join(tmpdir(), 'eventctl-origin-'));
    cleanup.push(bare);
    git(bare, ['init', '-q', '--bare', '-b', 'main']);
    git(p.dir, ['remote', 'add', 'origin', bare]);
    git(p.dir, ['push', '-q', 'origin', 'main']);
    git(p.dir, ['remote', 'set-head', 'origin', 'main']);
    // A local commit re-classing billing-charge, never pushed.
    writeFileSync(p.manifest, readFileSync(p.manifest, 'utf8').replace(/(name: billing-charge\n\s+class: )operational/, '$1projection'));
    commitAll(p, 'local only');
    await seed('billing-charge-dlq', 2);
    const before = await depth('billing-charge-dlq');
    const run = await cli(p, ['dlq', 'redrive', 'billing-charge', '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/origin\/HEAD \(origin\/main\)/);
    expect(await depth('billing-charge-dlq')).toBe(before);
  });
});

describe('4. one-time use does not depend on paths', () => {
  it('a spent redrive plan does not run again after its journal is deleted (the DLQ tag remembers)', async () => {
    const p = platform();
    await seed('orders-read-model-dlq', 3);
    const { dir } = await redrivePlan(p, 'orders-read-model');
    const first = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', '--format', 'json', ...FAST]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ moved: 3 });
    await seed('orders-read-model-dlq', 2);
    rmSync(join(p.dir, '.eventctl'), { recursive: true, force: true });
    const again = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already run against this DLQ/);
    expect(await depth('orders-read-model-dlq')).toBe(2);
  });

  it('a copy of the manifest in a subdirectory is not a way around the repository journal', async () => {
    const p = platform();
    await seed('orders-read-model-dlq', 2);
    const { dir } = await redrivePlan(p, 'orders-read-model');
    expect((await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST])).code).toBe(0);
    await seed('orders-read-model-dlq', 2);
    mkdirSync(join(p.dir, 'copy'));
    cpSync(p.manifest, join(p.dir, 'copy', 'eventctl.yaml'));
    cpSync(join(p.dir, 'policies'), join(p.dir, 'copy', 'policies'), { recursive: true });
    cpSync(join(p.dir, 'schemas'), join(p.dir, 'copy', 'schemas'), { recursive: true });
    const again = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST], {}, join(p.dir, 'copy', 'eventctl.yaml'));
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/does not exist on the protected branch/);
    expect(await depth('orders-read-model-dlq')).toBe(2);
  });
});

describe('5. plan directories cannot hang or exhaust the approver', () => {
  it('plan.json as a symlink to /dev/zero is refused at once', async () => {
    const p = platform();
    const dir = join(p.dir, 'replays', 'zero');
    mkdirSync(dir, { recursive: true });
    symlinkSync('/dev/zero', join(dir, 'plan.json'));
    const verify = await cli(p, ['replay', 'verify', dir]);
    expect(verify.signal).toBeNull();
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/plan.json in the plan directory is a symbolic link; only regular files are read/);
  });

  it('a FIFO named like a signature file is refused, not opened', async () => {
    const p = platform();
    const { dir } = await replayPlan(p, ['orders-read-model']);
    execFileSync('mkfifo', [join(dir, 'approve.mallory.00000000.dsse.json')]);
    const verify = await cli(p, ['replay', 'verify', dir]);
    expect(verify.signal).toBeNull();
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/approve.mallory.00000000.dsse.json in the plan directory is a FIFO/);
  });

  it('a directory named plan.json is a refusal or an input error, never an internal error', async () => {
    const p = platform();
    const dir = join(p.dir, 'replays', 'dir-plan');
    mkdirSync(join(dir, 'plan.json'), { recursive: true });
    const verify = await cli(p, ['replay', 'verify', dir]);
    expect(verify.code, verify.stderr).toBe(3);
    expect(verify.stderr).toMatch(/plan.json in the plan directory is a directory; only regular files are read/);
    for (const args of [['replay', 'run', dir, '--yes', '--no-wait'], ['dlq', 'redrive', '--plan', dir, '--yes']]) {
      const run = await cli(p, args);
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(3);
      expect(run.stderr).toMatch(/plan.json in the plan directory is a directory/);
    }
    const approve = await cli(p, ['replay', 'approve', dir, '--key', join(p.dir, 'no-such.key')]);
    expect(approve.code, approve.stderr).toBe(2);
    expect(approve.stderr).toMatch(/plan.json is a directory, not a regular file/);
    for (const r of [verify, approve]) expect(r.stderr).not.toMatch(/\n\s+at |internal error|bug/i);
  });

  it('a directory named like a signature file is refused, not read', async () => {
    const p = platform();
    const { dir, plan } = await replayPlan(p, ['orders-read-model']);
    mkdirSync(join(dir, 'x.dsse.json'));
    const verify = await cli(p, ['replay', 'verify', dir]);
    expect(verify.code, verify.stderr).toBe(3);
    expect(verify.stderr).toMatch(/x.dsse.json in the plan directory is a directory; only regular files are read/);
    const run = await cli(p, ['replay', 'run', dir, '--yes', '--no-wait']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/x.dsse.json in the plan directory is a directory/);
    expect(await replayNames()).not.toContain(`ectl-${plan.planId}`);
  });
});

describe('mutation review: redrive', () => {
  it('a workflow consumer\'s DLQ is not redriven without a plan', async () => {
    const p = platform();
    await seed('fulfilment-starter-dlq', 2);
    const before = await depth('fulfilment-starter-dlq');
    const run = await cli(p, ['dlq', 'redrive', 'fulfilment-starter', '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/fulfilment-starter is an workflow consumer on the protected branch/);
    expect(await depth('fulfilment-starter-dlq')).toBe(before);
  });

  it('the plan is reserved in the journal before anything moves (a journal that cannot be reserved moves nothing)', async () => {
    const p = platform();
    await seed('orders-read-model-dlq', 2);
    const before = await depth('orders-read-model-dlq');
    const { dir } = await redrivePlan(p, 'orders-read-model');
    mkdirSync(join(p.dir, '.eventctl'), { recursive: true });
    writeFileSync(join(p.dir, '.eventctl', 'journal.jsonl.lock'), '');
    const run = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the journal is locked/);
    expect(await depth('orders-read-model-dlq')).toBe(before);
  });

  it('a redrive plan run in another region than signed is refused', async () => {
    const p = platform();
    const { dir } = await redrivePlan(p, 'orders-read-model');
    await seed('orders-read-model-dlq', 1);
    const before = await depth('orders-read-model-dlq');
    const run = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST], { AWS_REGION: 'us-west-2' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/signed for region us-east-1, this run acts in us-west-2/);
    expect(await depth('orders-read-model-dlq')).toBe(before);
  });

  it('a redrive plan whose queue URLs are in another account than signed is refused', async () => {
    const p = platform();
    const { dir } = await redrivePlan(p, 'orders-read-model');
    editPlan(dir, (plan) => {
      plan.targets[0]!.dlqUrl = plan.targets[0]!.dlqUrl!.replace('/123456789012/', '/210987654321/');
      plan.targets[0]!.queueUrl = plan.targets[0]!.queueUrl!.replace('/123456789012/', '/210987654321/');
    });
    const run = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/is in account 210987654321/);
  });

  it('a veto binds once seen: deleting the reject file afterwards does not let the plan run', async () => {
    const p = platform();
    await seed('refund-processor-dlq', 2);
    const before = await depth('refund-processor-dlq');
    const { dir } = await redrivePlan(p, 'refund-processor');
    const now = new Date(Date.now() - 60_000);
    await approvePlan(p, dir, 'carol', { role: 'requester', now });
    await approvePlan(p, dir, 'alice', { now });
    await approvePlan(p, dir, 'bob', { now });
    const veto = await approvePlan(p, dir, 'dave', { decision: 'reject', now });
    const verify = await cli(p, ['replay', 'verify', dir]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/vetoed by dave/);
    rmSync(veto);
    const run = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', ...FAST]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/vetoed by dave \(recorded .*\); the signed reject is no longer beside the plan, but a veto, once seen, binds/);
    expect(await depth('refund-processor-dlq')).toBe(before);
  });

  it('legitimate: an operational redrive plan signed by the requester and two approvers runs', async () => {
    const p = platform();
    await seed('billing-charge-dlq', 2);
    const { dir } = await redrivePlan(p, 'billing-charge');
    const now = new Date(Date.now() - 60_000);
    await approvePlan(p, dir, 'carol', { role: 'requester', now });
    await approvePlan(p, dir, 'alice', { now });
    await approvePlan(p, dir, 'bob', { now });
    const run = await cli(p, ['dlq', 'redrive', '--plan', dir, '--yes', '--format', 'json', ...FAST]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ consumer: 'billing-charge', class: 'operational' });
    expect(await depth('billing-charge-dlq')).toBe(0);
  });
});
