import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { reviewCommand } from '../../../src/review/review-command.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST, queueUrl } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

interface ReviewJson {
  level: string;
  categories: Array<{ checks: Array<{ id: string; status: string; findings: Array<{ rule: string; subject: { name: string } }> }> }>;
}

async function review(live: boolean): Promise<{ code: number; json: ReviewJson }> {
  const run = liveContext({ manifest: PLATFORM_MANIFEST, endpoint, format: 'json' });
  const code = await reviewCommand(run.ctx, { live, minLevel: 'silver', liveHooks: { maxAttempts: 1 } });
  return { code, json: JSON.parse(run.stdout()) as ReviewJson };
}

const liveCheck = (json: ReviewJson) => json.categories.flatMap((c) => c.checks).find((c) => c.id === 'live-matches-manifest');

describe('eventctl review --live against moto', () => {
  const aws = testClients(endpoint);
  beforeAll(() => freshSandbox(endpoint));
  afterAll(() => aws.destroy());

  it('adds a passing live check when the account matches the manifest, and none without --live', async () => {
    const offline = await review(false);
    expect(liveCheck(offline.json)).toBeUndefined();
    const { code, json } = await review(true);
    expect(liveCheck(json)).toMatchObject({ status: 'pass', findings: [] });
    expect(json.level).toBe(offline.json.level);
    expect(code).toBe(0);
  });

  it('drops below silver when the live account drifts, naming what drifted', async () => {
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: await queueUrl(aws, 'billing-charge-dlq') }));
    const { code, json } = await review(true);
    const check = liveCheck(json)!;
    expect(check.status).toBe('fail');
    expect(check.findings.map((f) => [f.rule, f.subject.name])).toContainEqual(['drift/missing-dlq', 'billing-charge-dlq']);
    expect(json.level).toBe('bronze');
    expect(code).toBe(1);
  });
});
