import { EventBridgeClient, PutEventsCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { runDlqList } from '../../../src/live/dlq-list-run.js';
import { runDrift } from '../../../src/live/drift-run.js';
import { runLag } from '../../../src/live/lag-run.js';
import { runSandboxUp } from '../../../src/live/sandbox-run.js';
import { reviewCommand } from '../../../src/review/review-command.js';
import { createCallCounter } from '../../../src/aws/index.js';
import { TEST_CREDENTIALS } from '../../support/aws-test-clients.js';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';
import { liveContext } from '../../support/live-context.js';
import { resetMoto } from '../../support/moto-server.js';
import { tempDir } from '../../support/temp-dir.js';

const motoEndpoint = workerMotoEndpoint();
const MANIFEST = 'fixtures/org/eventctl.yaml';
const HUB = '111111111111';
const ORDERS = '222222222222';
const BILLING = '333333333333';

/** SDK clients acting in one account (moto: AssumeRole credentials act in the role's account). */
async function inAccount(accountId: string, region: string) {
  const sts = new STSClient({ endpoint: motoEndpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/test`, RoleSessionName: 'test-setup' }));
  sts.destroy();
  const c = out.Credentials!;
  const config = { endpoint: motoEndpoint, region, maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } };
  return { events: new EventBridgeClient(config), sqs: new SQSClient(config), lambda: new LambdaClient(config) };
}

interface LagJson {
  consumers: Array<{ account: string; accountId: string; region: string; consumer: string; kind: string; target: string; status: string; reasons: string[]; visible: number | null }>;
  places: Array<{ account: string; region: string; ok: boolean; reason?: string }>;
}

describe('many accounts and regions (moto)', () => {
  let proxy: FaultProxy | undefined;
  beforeEach(() => resetMoto(motoEndpoint));
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('sandbox up builds a hub and two spoke accounts in two regions; events reach the spokes; drift, lag and dlq list read them all', async () => {
    const up = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runSandboxUp(up.ctx)).toBe(0);
    const report = JSON.parse(up.stdout()) as { steps: Array<{ account: string; region: string; kind: string; name: string }> };
    const where = new Set(report.steps.map((s) => `${s.account}/${s.region}`));
    expect([...where].sort()).toEqual(['billing/eu-west-1', 'billing/us-east-1', 'hub/eu-west-1', 'hub/us-east-1', 'orders/eu-west-1', 'orders/us-east-1']);
    expect(report.steps.filter((s) => s.kind === 'forward').map((s) => `${s.region} ${s.name}`).sort()).toEqual([
      'eu-west-1 platform/forward-to-billing-inbound → billing',
      'eu-west-1 platform/forward-to-orders-inbound → orders',
      'us-east-1 platform/forward-to-billing-inbound → billing',
      'us-east-1 platform/forward-to-orders-inbound → orders',
    ]);
    const again = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runSandboxUp(again.ctx)).toBe(0);
    expect((JSON.parse(again.stdout()) as { steps: Array<{ action: string }> }).steps.every((s) => s.action === 'unchanged')).toBe(true);

    // An event on the hub bus in us-east-1 travels to both spoke accounts' queues in us-east-1 only.
    const hub = await inAccount(HUB, 'us-east-1');
    await hub.events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'platform', Source: 'com.acme.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}' }] }));
    const received = async (accountId: string, region: string, queue: string) => {
      const { sqs } = await inAccount(accountId, region);
      const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl!;
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      return (out.Messages ?? []).map((m) => (JSON.parse(m.Body!) as { detail: { orderId: string } }).detail.orderId);
    };
    expect(await received(ORDERS, 'us-east-1', 'order-history')).toEqual(['o-1']);
    expect(await received(BILLING, 'us-east-1', 'invoice-writer')).toEqual(['o-1']);
    expect(await received(ORDERS, 'eu-west-1', 'order-history')).toEqual([]);

    const drift = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDrift(drift.ctx)).toBe(0);

    const counter = createCallCounter();
    const lag = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    await runLag(lag.ctx, [], {}, { plugins: [counter.plugin] });
    const rows = (JSON.parse(lag.stdout()) as LagJson).consumers;
    expect(rows.map((r) => `${r.account}/${r.region} ${r.consumer}`).sort()).toEqual([
      'billing/eu-west-1 invoice-writer',
      'billing/eu-west-1 ledger-view',
      'billing/us-east-1 invoice-writer',
      'billing/us-east-1 ledger-view',
      'orders/eu-west-1 order-history',
      'orders/us-east-1 order-history',
    ]);
    expect(rows.find((r) => r.account === 'orders' && r.region === 'us-east-1')?.visible).toBe(1);
    expect(rows.find((r) => r.account === 'orders' && r.region === 'us-east-1')?.accountId).toBe(ORDERS);
    // The per-account floor: one GetMetricData per account-region, one AssumeRole per account.
    expect(counter.calls['cloudwatch:GetMetricData']).toBe(4);
    expect(counter.calls['sts:AssumeRole']).toBe(2);

    // --region narrows the fan-out to one of the environment's regions.
    const oneRegion = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    oneRegion.ctx.global.region = 'eu-west-1';
    await runLag(oneRegion.ctx, [], {});
    expect(new Set((JSON.parse(oneRegion.stdout()) as LagJson).consumers.map((r) => r.region))).toEqual(new Set(['eu-west-1']));

    const dlq = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'text', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDlqList(dlq.ctx)).toBe(0);
    expect(dlq.stdout()).toMatch(/^orders\/us-east-1 +order-history-dlq +order-history +0/m);
    expect(dlq.stdout().split('\n').filter((l) => /-dlq /.test(l))).toHaveLength(6);
  });

  it('at COLUMNS=80 every fan-out table fits; lag --class and --owner narrow every account', async () => {
    const at80 = (format: 'text' | 'json' = 'text') => liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format, env: { EVENTCTL_ENV: 'sandbox', COLUMNS: '80' } });
    const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));
    const up = at80();
    expect(await runSandboxUp(up.ctx)).toBe(0);
    const lag = at80();
    await runLag(lag.ctx, [], {});
    const dlq = at80();
    expect(await runDlqList(dlq.ctx)).toBe(0);
    const drift = at80();
    expect(await runDrift(drift.ctx)).toBe(0);
    for (const [name, run] of Object.entries({ sandbox: up, lag, dlq, drift })) {
      expect(widest(run.stdout()), `${name}:\n${run.stdout()}`).toBeLessThanOrEqual(80);
    }
    expect(lag.stdout()).toMatch(/invoice-writer/);
    expect(dlq.stdout()).toMatch(/order-history-dlq/);

    const consumersOf = async (options: { class?: string; owner?: string }) => {
      const run = at80('json');
      await runLag(run.ctx, [], options);
      return [...new Set((JSON.parse(run.stdout()) as LagJson).consumers.map((r) => r.consumer))].sort();
    };
    expect(await consumersOf({ class: 'projection' })).toEqual(['ledger-view', 'order-history']);
    expect(await consumersOf({ owner: 'team-billing' })).toEqual(['invoice-writer', 'ledger-view']);
    expect(await consumersOf({ class: 'operational', owner: 'team-billing' })).toEqual(['invoice-writer']);
  });

  it('drift finds a forwarding rule that stopped forwarding a subscribed topic', async () => {
    expect(await runSandboxUp(liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, env: { EVENTCTL_ENV: 'sandbox' } }).ctx)).toBe(0);
    const hub = await inAccount(HUB, 'eu-west-1');
    await hub.events.send(new PutRuleCommand({ Name: 'forward-to-orders-inbound', EventBusName: 'platform', EventPattern: JSON.stringify({ source: ['com.acme.orders'], 'detail-type': ['OrderPlaced'] }) }));
    const drift = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDrift(drift.ctx)).toBe(1);
    const findings = (JSON.parse(drift.stdout()) as { findings: Array<{ rule: string; message: string; location?: { file: string } }> }).findings;
    expect(findings.map((f) => [f.rule, f.message])).toEqual([
      ['drift/forward-pattern', 'hub/eu-west-1: rule forward-to-orders-inbound does not forward order.shipped (com.acme.fulfilment / OrderShipped) to orders'],
    ]);
    expect(findings[0]!.location?.file).toBe('fixtures/org/teams/orders/eventctl.yaml');

    // review --live reads the same fan-out: the live check fails on the forwarding drift.
    const review = liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    await reviewCommand(review.ctx, { live: true, minLevel: 'bronze', liveHooks: { maxAttempts: 1 } });
    const checks = (JSON.parse(review.stdout()) as { categories: Array<{ checks: Array<{ id: string; status: string; findings: Array<{ rule: string }> }> }> }).categories.flatMap((c) => c.checks);
    expect(checks.find((c) => c.id === 'live-matches-manifest')).toMatchObject({ status: 'fail', findings: [{ rule: 'drift/forward-pattern' }] });
  });

  it('lag, drift and dlq list --env cover push targets: a function consumer and its target DLQ are read in their own account, and are ERR rows when that account cannot be read', async () => {
    // The example org with a Lambda-target consumer added to the orders team's file.
    const dir = tempDir('eventctl-org-push-');
    cpSync('fixtures/org', dir, { recursive: true });
    const team = join(dir, 'teams', 'orders', 'eventctl.yaml');
    writeFileSync(team, `${readFileSync(team, 'utf8').trimEnd()}\n  - name: order-notifier\n    class: projection\n    subscribes: [order.placed]\n    rule: order-notifier\n    rebuildable: true\n    target:\n      kind: lambda\n      function: order-notifier\n      deadLetter: order-notifier-target-dlq\n`);
    const manifest = join(dir, 'eventctl.yaml');
    const up = liveContext({ manifest, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runSandboxUp(up.ctx), up.stderr()).toBe(0);

    const lag = liveContext({ manifest, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    await runLag(lag.ctx, [], {});
    const rows = (JSON.parse(lag.stdout()) as LagJson).consumers.filter((r) => r.consumer === 'order-notifier');
    expect(rows.map((r) => `${r.account}/${r.region} ${r.kind} ${r.target}`).sort()).toEqual(['orders/eu-west-1 lambda order-notifier', 'orders/us-east-1 lambda order-notifier']);
    expect(rows.every((r) => r.accountId === ORDERS && r.status !== 'ERR')).toBe(true);
    // dlq list --env lists the function's target DLQ in each place, as it does in one account.
    const listed = liveContext({ manifest, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDlqList(listed.ctx)).toBe(0);
    type DlqJson = { dlqs: Array<{ account: string; region: string; dlq: string; via: string; kind: string; exists: boolean; error?: string }> };
    const targetDlqs = (JSON.parse(listed.stdout()) as DlqJson).dlqs.filter((d) => d.dlq === 'order-notifier-target-dlq');
    expect(targetDlqs.map((d) => `${d.account}/${d.region} ${d.via} ${d.kind} ${d.exists}`).sort()).toEqual(['orders/eu-west-1 target lambda true', 'orders/us-east-1 target lambda true']);

    // drift --env reads the functions of each account: clean, until one is deleted in one place.
    const clean = liveContext({ manifest, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDrift(clean.ctx), clean.stdout()).toBe(0);
    const { lambda } = await inAccount(ORDERS, 'eu-west-1');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'order-notifier' }));
    lambda.destroy();
    const drifted = liveContext({ manifest, endpoint: motoEndpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDrift(drifted.ctx)).toBe(1);
    const findings = (JSON.parse(drifted.stdout()) as { findings: Array<{ rule: string; message: string; account?: string; region?: string }> }).findings;
    expect(findings.map((f) => `${f.rule} ${f.message}`)).toEqual([expect.stringMatching(/^drift\/missing-target-resource .*order-notifier/)]);

    proxy = await startFaultProxy({
      target: motoEndpoint,
      deny: (operation, body) => (operation === 'AssumeRole' && decodeURIComponent(body).includes(`:${ORDERS}:`) ? 'User is not authorized to perform: sts:AssumeRole' : undefined),
    });
    const denied = liveContext({ manifest, endpoint: proxy.endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runLag(denied.ctx, [], {})).toBe(1);
    const unread = (JSON.parse(denied.stdout()) as LagJson).consumers.filter((r) => r.account === 'orders');
    expect(unread.map((r) => `${r.region} ${r.consumer} ${r.kind} ${r.status}`).sort()).toEqual([
      'eu-west-1 order-history sqs ERR',
      'eu-west-1 order-notifier lambda ERR',
      'us-east-1 order-history sqs ERR',
      'us-east-1 order-notifier lambda ERR',
    ]);
    const deniedList = liveContext({ manifest, endpoint: proxy.endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDlqList(deniedList.ctx)).toBe(1);
    const unreadDlqs = (JSON.parse(deniedList.stdout()) as DlqJson).dlqs.filter((d) => d.account === 'orders' && d.region === 'us-east-1');
    expect(unreadDlqs.map((d) => `${d.dlq} ${d.via} ${Boolean(d.error)}`).sort()).toEqual(['order-history-dlq queue true', 'order-notifier-target-dlq target true']);
  });

  it("one account's missing role degrades only that account: ERR rows with the reason, exit 1; every account failing is exit 4", async () => {
    expect(await runSandboxUp(liveContext({ manifest: MANIFEST, endpoint: motoEndpoint, env: { EVENTCTL_ENV: 'sandbox' } }).ctx)).toBe(0);
    let denied = `:${BILLING}:`;
    proxy = await startFaultProxy({
      target: motoEndpoint,
      deny: (operation, body) => (operation === 'AssumeRole' && decodeURIComponent(body).includes(denied) ? 'User is not authorized to perform: sts:AssumeRole' : undefined),
    });
    const lag = liveContext({ manifest: MANIFEST, endpoint: proxy.endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runLag(lag.ctx, [], {})).toBe(1);
    const report = JSON.parse(lag.stdout()) as LagJson;
    const billing = report.consumers.filter((r) => r.account === 'billing');
    expect(billing).toHaveLength(4);
    for (const row of billing) {
      expect(row.status).toBe('ERR');
      expect(row.reasons[0]).toMatch(/access denied: AssumeRole \(role arn:aws:iam::333333333333:role\/eventctl-readonly\) needs sts:AssumeRole/);
    }
    expect(report.consumers.filter((r) => r.account === 'orders').map((r) => r.status)).toEqual(['OK', 'OK']);
    expect(report.places.filter((p) => !p.ok).map((p) => `${p.account}/${p.region}`).sort()).toEqual(['billing/eu-west-1', 'billing/us-east-1']);

    const dlq = liveContext({ manifest: MANIFEST, endpoint: proxy.endpoint, env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDlqList(dlq.ctx)).toBe(1);
    expect(dlq.stdout()).toMatch(/^billing\/eu-west-1 +invoice-writer-dlq +invoice-writer +ERR/m);
    expect(dlq.stdout()).toMatch(/^orders\/eu-west-1 +order-history-dlq +order-history +0/m);

    const drift = liveContext({ manifest: MANIFEST, endpoint: proxy.endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDrift(drift.ctx)).toBe(1);
    const rules = (JSON.parse(drift.stdout()) as { findings: Array<{ rule: string; message: string }> }).findings.map((f) => f.rule);
    expect(rules).toEqual(['drift/account-unreadable', 'drift/account-unreadable']);

    denied = ':role/';
    const none = liveContext({ manifest: MANIFEST, endpoint: proxy.endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runLag(none.ctx, [], {})).toBe(4);
  });
});
