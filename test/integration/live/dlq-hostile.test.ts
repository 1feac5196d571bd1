import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { InputError, UsageError } from '../../../src/errors.js';
import { runDlqInspect, type DlqInspectReport } from '../../../src/live/dlq-inspect-run.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { queueCounts, validRefund } from '../../support/live-scenario.js';

// dlq inspect against hostile schemas and export paths: a catastrophic-backtracking pattern must
// not stall the validation, a pattern RE2 cannot run is refused before the DLQ is read, and an
// export (DLQ bodies may hold personal data) is a new 0600 file, never written through a link.
const endpoint = workerMotoEndpoint();
const REFUND_SCHEMA = 'schemas/payment-refunded.json';

describe('dlq inspect: hostile schemas and export paths', () => {
  const aws = testClients(endpoint);
  const scratch = mkdtempSync(join(tmpdir(), 'eventctl-dlq-hostile-'));
  // A queue of this file's own, so nothing else's messages (or resets of the platform) count here.
  const dlq = `hostile-${process.pid}-dlq`;

  /** The example platform with refund-processor's DLQ renamed to ours and refundId's pattern set. */
  function platform(name: string, pattern: string): string {
    const dir = join(scratch, name);
    cpSync('fixtures/platform', dir, { recursive: true });
    mkdirSync(join(dir, '.git'));
    const manifest = join(dir, 'eventctl.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('dlq: refund-processor-dlq', `dlq: ${dlq}`));
    const schema = join(dir, REFUND_SCHEMA);
    const edited = readFileSync(schema, 'utf8').replace(/("refundId": \{\s*"type": "string",\s*)"format": "uuid"/, `$1"pattern": ${JSON.stringify(pattern)}`);
    if (!edited.includes(JSON.stringify(pattern))) throw new Error('test setup: refundId not found in the schema');
    writeFileSync(schema, edited);
    return manifest;
  }

  beforeAll(async () => {
    const url = (await aws.sqs.send(new CreateQueueCommand({ QueueName: dlq }))).QueueUrl!;
    // refundId is 33 a's and a '!': a backtracking engine tries 2^33 ways to match ^(a+)+$.
    const detail = { ...validRefund(), refundId: `${'a'.repeat(33)}!` };
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ source: 'com.acme.payments', 'detail-type': 'PaymentRefunded', detail }) }));
  });
  afterAll(() => {
    aws.destroy();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('an event checked against ^(a+)+$ is judged in linear time (malformed, not a hang)', async () => {
    const run = liveContext({ manifest: platform('redos', '^(a+)+$'), endpoint, format: 'json' });
    expect(await runDlqInspect(run.ctx, 'refund-processor', { waitSeconds: '1' }, { maxAttempts: 1 })).toBe(0);
    const report = JSON.parse(run.stdout()) as DlqInspectReport;
    expect(report.messages).toHaveLength(1);
    expect(report.messages[0]).toMatchObject({ topic: 'payment.refunded', valid: false });
    expect(report.messages[0]!.errors.join(' ')).toMatch(/refundId must match pattern/);
    expect(await queueCounts(aws, dlq)).toEqual({ visible: 1, inFlight: 0 });
  });

  it('a pattern RE2 cannot run is exit 2 naming the file and pointer, before the DLQ is read', async () => {
    const run = liveContext({ manifest: platform('lookahead', '^(?!x)'), endpoint, format: 'json' });
    const failure = runDlqInspect(run.ctx, 'refund-processor', { waitSeconds: '1' }, { maxAttempts: 1 });
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(/schemas\/payment-refunded\.json: the pattern '\^\(\?!x\)' at \/properties\/refundId\/pattern cannot be used/);
    expect(run.stderr()).not.toMatch(/read \d+ of/);
    expect(await queueCounts(aws, dlq)).toEqual({ visible: 1, inFlight: 0 });
  });

  it('--export writes a new file with mode 0600; an existing file or a symlink is refused and left alone', async () => {
    const manifest = platform('export', '^[0-9a-f-]+$');
    const fresh = join(scratch, 'out', 'fresh.ndjson');
    const run = liveContext({ manifest, endpoint, format: 'json' });
    expect(await runDlqInspect(run.ctx, 'refund-processor', { waitSeconds: '1', export: fresh }, { maxAttempts: 1 })).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(readFileSync(fresh, 'utf8').trim().split('\n')).toHaveLength(1);

    const existing = join(scratch, 'existing.ndjson');
    writeFileSync(existing, 'keep me\n');
    await expect(runDlqInspect(liveContext({ manifest, endpoint }).ctx, 'refund-processor', { waitSeconds: '1', export: existing }, { maxAttempts: 1 })).rejects.toBeInstanceOf(UsageError);
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');

    const target = join(scratch, 'target.txt');
    writeFileSync(target, 'victim\n');
    const link = join(scratch, 'link.ndjson');
    symlinkSync(target, link);
    const dangling = join(scratch, 'dangling.ndjson');
    symlinkSync(join(scratch, 'nowhere.txt'), dangling);
    for (const path of [link, dangling]) {
      await expect(runDlqInspect(liveContext({ manifest, endpoint }).ctx, 'refund-processor', { waitSeconds: '1', export: path }, { maxAttempts: 1 })).rejects.toThrow(/already exists/);
      expect(lstatSync(path).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(target, 'utf8')).toBe('victim\n');
    expect(existsSync(join(scratch, 'nowhere.txt'))).toBe(false);
    expect(await queueCounts(aws, dlq)).toEqual({ visible: 1, inFlight: 0 });
  });
});
