import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { runDlqList } from '../../../src/live/dlq-list-run.js';
import { runLag, type LagOutput } from '../../../src/live/lag-run.js';
import { runDrift } from '../../../src/live/drift-run.js';
import type { DlqListReport } from '../../../src/ops/dlq-list.js';
import type { AwsWhere } from '../../../src/aws/where.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();
// No test creates anything here: the platform lives in us-east-1.
const EMPTY_REGION = { AWS_REGION: 'eu-north-1' };

describe('live commands say where they read, and a wrong region reads as one (moto)', () => {
  const dirs: string[] = [];
  beforeAll(() => freshSandbox(endpoint));
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('lag names account, region, endpoint and profile on stderr and in JSON', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    await runLag(run.ctx, [], {}, { maxAttempts: 1 });
    const report = JSON.parse(run.stdout()) as LagOutput;
    expect(report.aws).toEqual<AwsWhere>({
      account: '123456789012',
      arn: expect.stringContaining('123456789012') as unknown as string,
      region: 'us-east-1',
      endpoint,
      profile: null,
    });
    expect(run.stderr()).toContain(`read account 123456789012, region us-east-1, profile (none), endpoint ${endpoint}`);
  });

  it('lag in a region without the platform says so plainly (exit 4), not nine ERR rows and an SLO breach', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json', env: EMPTY_REGION });
    await expect(runLag(run.ctx, [], {}, { maxAttempts: 1 })).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(/^none of 24 queues exist in 123456789012 \/ eu-north-1: wrong region or account\?$/) as unknown as string,
    });
    expect((JSON.parse(run.stdout()) as LagOutput).aws?.region).toBe('eu-north-1');
  });

  it('dlq list in a region without the platform says so plainly', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, env: EMPTY_REGION });
    await expect(runDlqList(run.ctx, { maxAttempts: 1 })).rejects.toThrow('none of 15 DLQs exist in 123456789012 / eu-north-1: wrong region or account?');
    expect(run.stdout()).toMatch(/billing-charge-dlq\s+billing-charge\s+operational\s+queue\s+missing/);
  });

  it('drift in a region without the platform warns that nothing exists there', async () => {
    const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json', env: EMPTY_REGION });
    expect(await runDrift(run.ctx, { maxAttempts: 1 })).toBe(1);
    expect(run.stderr()).toMatch(/none of \d+ buses and queues exist in 123456789012 \/ eu-north-1: wrong region or account\?/);
    expect(JSON.parse(run.stdout()).aws.region).toBe('eu-north-1');
  });

  it('dlq list goes on past a DLQ that does not exist, listing every other one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventctl-where-'));
    dirs.push(dir);
    cpSync('fixtures/platform', dir, { recursive: true });
    const manifest = join(dir, 'eventctl.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('dlq: shipping-notifier-dlq', 'dlq: shipping-notifier-dlq-gone'));
    const run = liveContext({ manifest, endpoint, format: 'json' });
    expect(await runDlqList(run.ctx, { maxAttempts: 1 })).toBe(0);
    const report = JSON.parse(run.stdout()) as DlqListReport;
    expect(report.dlqs).toHaveLength(15);
    expect(report.missing).toEqual(['shipping-notifier-dlq-gone']);
    expect(report.dlqs.filter((d) => d.exists)).toHaveLength(14);
    expect(run.stderr()).toContain('DLQ shipping-notifier-dlq-gone does not exist in 123456789012 / us-east-1');
  });

  it('lag --class and --owner narrow the consumers; a mistyped name gets "did you mean"', async () => {
    const byClass = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    await runLag(byClass.ctx, [], { class: 'projection' }, { maxAttempts: 1 });
    expect((JSON.parse(byClass.stdout()) as LagOutput).consumers.map((c) => c.consumer).sort()).toEqual(['cancellation-forwarder', 'customer-directory', 'customer-fanout', 'order-timeline', 'orders-read-model', 'payments-ledger-view']);

    const byOwner = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
    await runLag(byOwner.ctx, [], { class: 'operational', owner: 'team-payments' }, { maxAttempts: 1 });
    expect((JSON.parse(byOwner.stdout()) as LagOutput).consumers.map((c) => c.consumer).sort()).toEqual(['receipt-mailer', 'refund-processor']);

    const typo = liveContext({ manifest: PLATFORM_MANIFEST, endpoint });
    await expect(runLag(typo.ctx, ['biling-charge'], {}, { maxAttempts: 1 })).rejects.toMatchObject({ hint: "did you mean 'biling-charge' → 'billing-charge'?" });
    await expect(runLag(typo.ctx, [], { owner: 'team-paymnets' }, { maxAttempts: 1 })).rejects.toMatchObject({ hint: 'did you mean --owner team-payments?' });
  });
});
