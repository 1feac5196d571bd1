import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { newPlan, readPlan, writePlan, type PlanArtifact } from '../../../src/approval/plan.js';
import { parsePolicy } from '../../../src/approval/policy.js';
import { RefusedError } from '../../../src/errors.js';
import { runRedrive, type RedriveCommandOptions } from '../../../src/ops/redrive/run.js';
import { runReplayPlan } from '../../../src/live/replay-plan-run.js';
import { runReplayRun } from '../../../src/live/replay-run.js';
import { runSandboxUp } from '../../../src/live/sandbox-run.js';
import { redrivePlanInput } from '../../../src/ops/redrive/redrive-plan.js';
import { makeKey, policyDocument, policyText, signApproval, type TestKey } from '../../support/approval-fixtures.js';
import { TEST_CREDENTIALS } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { resetMoto } from '../../support/moto-server.js';
import { tempDir } from '../../support/temp-dir.js';

/**
 * The gate across accounts, end to end against moto (credentials from STS AssumeRole act in the
 * role's account): fixtures/org's operational consumer invoice-writer lives in the billing
 * account; the orders account holds queues of the same names. A signed redrive plan runs in
 * billing with the protected branch's role; a fully signed plan that names the orders account
 * is refused and moves nothing.
 */
const endpoint = workerMotoEndpoint();
const BILLING = '333333333333';
const ORDERS = '222222222222';
const REGION = 'us-east-1';
const FAST: RedriveCommandOptions = { wait: '1', emptyPolls: '2', visibilityTimeout: '8' };

let workdir: string;
let keys: Record<'alice' | 'bob' | 'carol', TestKey>;
let policyYaml: string;
const opened: SQSClient[] = [];

async function sqsIn(accountId: string): Promise<SQSClient> {
  const sts = new STSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/test`, RoleSessionName: 'test-setup' }))).Credentials!;
  sts.destroy();
  const sqs = new SQSClient({ endpoint, region: REGION, maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } });
  opened.push(sqs);
  return sqs;
}

/** invoice-writer's queue and DLQ in `accountId`, the DLQ holding `count` messages; their URLs. */
async function queues(accountId: string, count: number): Promise<{ sqs: SQSClient; dlqUrl: string; queueUrl: string }> {
  const sqs = await sqsIn(accountId);
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'invoice-writer' }))).QueueUrl!;
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'invoice-writer-dlq' }))).QueueUrl!;
  for (let i = 0; i < count; i += 10) {
    const entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({ Id: `m${j}`, MessageBody: JSON.stringify({ n: i + j, account: accountId }) }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: dlqUrl, Entries: entries }));
  }
  return { sqs, dlqUrl, queueUrl };
}

async function depth(sqs: SQSClient, url: string): Promise<number> {
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

async function redrive(args: string[], options: RedriveCommandOptions, region?: string) {
  const run = liveContext({ manifest: join(workdir, 'eventctl.yaml'), endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
  run.ctx.cwd = workdir;
  if (region) run.ctx.global.region = region;
  const code = await runRedrive(run.ctx, args, { ...FAST, ...options });
  return { code, report: JSON.parse(run.stdout()) as Record<string, unknown> };
}

async function signAll(plan: PlanArtifact, dir: string): Promise<void> {
  const policy = parsePolicy(Buffer.from(policyYaml));
  for (const [who, role] of [['carol', 'requester'], ['alice', 'approver'], ['bob', 'approver']] as const) {
    writeFileSync(join(dir, `${role}.${who}.dsse.json`), (await signApproval(plan, policy, who, keys[who], { role, now: new Date() })).bytes);
  }
}

function git(args: string[]) {
  execFileSync('git', args, { cwd: workdir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

beforeAll(() => {
  keys = { alice: makeKey(), bob: makeKey(), carol: makeKey() };
  policyYaml = policyText(policyDocument({ alice: { groups: ['orders-owners'], keys: [keys.alice] }, bob: { groups: ['sre'], keys: [keys.bob] }, carol: { groups: ['orders-owners', 'sre'], keys: [keys.carol] } }));
});

beforeEach(async () => {
  await resetMoto(endpoint);
  workdir = tempDir('eventctl-accounts-gate-');
  cpSync('fixtures/org', workdir, { recursive: true });
  writeFileSync(join(workdir, 'policies', 'replay-approval.yaml'), policyYaml);
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'platform']);
});

afterEach(() => {
  for (const client of opened.splice(0)) client.destroy();
});

describe('replay and redrive gate across accounts (moto)', () => {
  it('a signed redrive plan runs in the account and region the protected branch puts its consumer in', async () => {
    const billing = await queues(BILLING, 12);
    const orders = await queues(ORDERS, 7);
    const planDir = join(workdir, 'replays', 'invoice-writer');
    await redrive(['invoice-writer'], { planOut: planDir, requester: 'carol', reason: 'INC-7' }, REGION);
    const plan = await readPlan(planDir);
    expect(plan.plan.targets).toEqual([expect.objectContaining({ consumer: 'invoice-writer', account: BILLING, region: REGION, dlqUrl: billing.dlqUrl })]);
    await signAll(plan, planDir);

    const ran = await redrive([], { plan: planDir, yes: true });
    expect(ran.report).toMatchObject({ moved: 12, planId: plan.plan.planId, class: 'operational' });
    expect(await depth(billing.sqs, billing.queueUrl)).toBe(12);
    expect(await depth(orders.sqs, orders.dlqUrl)).toBe(7);
  });

  it('a fully signed plan naming another account of the environment is refused and moves nothing', async () => {
    await queues(BILLING, 3);
    const orders = await queues(ORDERS, 9);
    const policy = parsePolicy(Buffer.from(policyYaml));
    const planDir = join(workdir, 'replays', 'elsewhere');
    const input = redrivePlanInput({ consumer: { name: 'invoice-writer', class: 'operational' }, dlqUrl: orders.dlqUrl, queueUrl: orders.queueUrl, requester: 'carol', account: ORDERS, region: REGION, placed: true, approximate: 9, filters: [] });
    const written = await writePlan(planDir, newPlan(input, { now: new Date(), ttlMinutes: 60, policy: { version: policy.policy.version, sha256: policy.sha256 } }));
    await signAll(written, planDir);

    const refused = await redrive([], { plan: planDir, yes: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    const reasons = (refused as RefusedError).reasons.join('\n');
    expect(reasons).toContain(`target invoice-writer names account ${ORDERS}, the protected branch puts it in ${BILLING} of environment 'sandbox'`);
    expect(reasons).toMatch(/invoice-writer-dlq \(redrive-source\) is owned by no consumer/);
    expect(await depth(orders.sqs, orders.dlqUrl)).toBe(9);
    expect(await depth(orders.sqs, orders.queueUrl)).toBe(0);
  });

  it('replay plan and run under --env act in the consumer\'s account and region, named on each target', async () => {
    const up = liveContext({ manifest: join(workdir, 'eventctl.yaml'), endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    up.ctx.global.region = REGION;
    expect(await runSandboxUp(up.ctx)).toBe(0);
    const planDir = join(workdir, 'replays', 'ledger');
    const run = liveContext({ manifest: join(workdir, 'eventctl.yaml'), endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    run.ctx.cwd = workdir;
    run.ctx.global.region = REGION;
    const hour = 3_600_000;
    const start = Math.floor(Date.now() / hour) * hour;
    await runReplayPlan(run.ctx, ['ledger-view'], { out: planDir, requester: 'carol', from: new Date(start - 3 * hour).toISOString(), to: new Date(start - 2 * hour).toISOString() });
    const plan = (await readPlan(planDir)).plan;
    expect(plan.aws).toEqual({ account: BILLING, region: REGION });
    expect(plan.targets).toEqual([expect.objectContaining({ consumer: 'ledger-view', account: BILLING, region: REGION, ruleArn: `arn:aws:events:${REGION}:${BILLING}:rule/billing/ledger-view` })]);

    // replay run acts there too, through the protected branch's environment and role.
    const replay = liveContext({ manifest: join(workdir, 'eventctl.yaml'), endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    replay.ctx.cwd = workdir;
    expect(await runReplayRun(replay.ctx, planDir, { yes: true, wait: false }, { maxAttempts: 1 })).toBe(0);
    expect(replay.stderr()).toMatch(`started ectl-${plan.planId} (arn:aws:events:${REGION}:${BILLING}:replay/ectl-${plan.planId})`);
  });
});
