import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { importCommand } from '../../../src/import/import-command.js';
import { runDrift } from '../../../src/live/drift-run.js';
import { loadManifest } from '../../../src/manifest/load.js';
import { targetOf } from '../../../src/manifest/consumer-target.js';
import type { Manifest } from '../../../src/manifest/model.js';
import type { Finding } from '../../../src/report/finding.js';
import { testClients } from '../../support/aws-test-clients.js';
import { liveContext } from '../../support/live-context.js';
import { freshSandbox, PLATFORM_MANIFEST, putEvents, queueUrl, validOrderPlaced } from '../../support/live-scenario.js';

const endpoint = workerMotoEndpoint();

describe('eventctl import against moto: sandbox up → import → drift', () => {
  const aws = testClients(endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'eventctl-import-'));
  const imported = join(dir, 'eventctl.yaml');
  const original = load(readFileSync(PLATFORM_MANIFEST, 'utf8')) as Manifest;
  let stderr = '';

  beforeAll(async () => {
    await freshSandbox(endpoint);
    // Samples the way a team has them: bodies of delivered events (what `dlq inspect --export` writes).
    await putEvents(aws, 'orders', 'com.acme.orders', 'OrderPlaced', [validOrderPlaced(), validOrderPlaced(), validOrderPlaced()]);
    const received = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: await queueUrl(aws, 'billing-charge'), MaxNumberOfMessages: 10 }));
    expect(received.Messages?.length).toBe(3);
    writeFileSync(join(dir, 'samples.ndjson'), `${(received.Messages ?? []).map((m) => JSON.stringify({ messageId: m.MessageId, body: JSON.parse(m.Body!) })).join('\n')}\n`);

    const run = liveContext({ manifest: imported, endpoint });
    const code = await importCommand(run.ctx, { platform: 'acme-orders', samples: join(dir, 'samples.ndjson') }, { maxAttempts: 1 });
    stderr = run.stderr();
    expect(code, stderr).toBe(0);
  }, 60_000);
  afterAll(() => {
    aws.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drafts a manifest that validates, with every bus, archive, rule, queue, DLQ and target (kind, resource, target DLQ, retry) of the account', async () => {
    const loaded = await loadManifest(imported, 'eventctl.yaml');
    const m = loaded.manifest;
    expect(m.buses).toEqual(original.buses);
    const byName = (list: Manifest['consumers']) => new Map(list.map((c) => [c.rule, c]));
    const mine = byName(m.consumers);
    expect([...mine.keys()].sort()).toEqual(original.consumers.map((c) => c.rule).sort());
    for (const c of original.consumers) {
      const { queue, dlq, maxReceiveCount } = mine.get(c.rule)!;
      expect({ queue, dlq, maxReceiveCount }, c.name).toEqual({ queue: c.queue, dlq: c.dlq, maxReceiveCount: c.dlq ? (c.maxReceiveCount ?? 5) : undefined });
      // The rule target: same kind, resource, target DLQ, retry policy (and partition key, state machine type).
      const target = (consumer: Manifest['consumers'][number]) => {
        const t = targetOf(consumer);
        return t && { kind: t.kind, resource: t.resource, deadLetter: t.deadLetter, retry: t.retry, partitionKey: t.declared?.partitionKey, type: t.declared?.type };
      };
      expect(target(mine.get(c.rule)!), c.name).toEqual(target(c));
      // Topics come back by (source, detail-type).
      const topics = (names: string[], list: Manifest['topics']) => names.map((n) => list.find((t) => t.name === n)).map((t) => `${t?.source}/${t?.detailType}`).sort();
      expect(topics(mine.get(c.rule)!.subscribes, m.topics)).toEqual(topics(c.subscribes, original.topics));
    }
    expect(m.topics.map((t) => t.name).sort()).toEqual(original.topics.map((t) => t.name).sort());
    const n = original.consumers.length;
    expect(stderr).toContain(`${n} consumer(s) (${n} class(es) guessed: confirm), 1 schema(s) drafted`);
  });

  it('guesses each class from the evidence and marks every guess for review', () => {
    const text = readFileSync(imported, 'utf8');
    const classes = Object.fromEntries((load(text) as Manifest).consumers.map((c) => [c.name, c.class]));
    expect(classes).toEqual(Object.fromEntries(original.consumers.map((c) => [c.name, c.class])));
    expect(text.match(/# class guessed from [^\n]*: confirm/g)).toHaveLength(original.consumers.length);
    expect(text).toContain('  # class guessed from the rule excluding replayed events: confirm\n  - name: billing-charge');
    expect(text).toContain('# TODO schema: no sample events');
    // Every queue was read from the account. (moto's ListStateMachines leaves out `type`, so the
    // Step Functions consumer says "standard assumed, confirm"; AWS always returns it.)
    expect(text.split('\n').filter((l) => l.includes('could not be read') && !l.includes('state machine type of'))).toEqual([]);
  });

  it('drafts the sampled topic\'s JSON Schema from the sample events', () => {
    const schema = JSON.parse(readFileSync(join(dir, 'schemas/order.placed.json'), 'utf8')) as { required: string[]; properties: Record<string, { format?: string }> };
    expect(schema.required).toEqual(['channel', 'customerId', 'lines', 'orderId', 'placedAt', 'total', 'traceparent']);
    expect(schema.properties.orderId!.format).toBe('uuid');
    expect(schema.properties.placedAt!.format).toBe('date-time');
  });

  it('drift of the imported manifest against the account is clean', async () => {
    const run = liveContext({ manifest: imported, endpoint, format: 'json' });
    const code = await runDrift(run.ctx, { maxAttempts: 1 });
    const out = JSON.parse(run.stdout()) as { findings: Finding[] };
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('drift really compares the imported targets: a changed retry policy on each is reported', async () => {
    const draft = load(readFileSync(imported, 'utf8')) as Manifest;
    const tweaked = draft.consumers.filter((c) => c.target?.retry);
    expect(tweaked.map((c) => c.rule).sort()).toEqual(original.consumers.filter((c) => c.target?.retry).map((c) => c.rule).sort());
    for (const c of tweaked) c.target!.retry = { ...c.target!.retry, maxAttempts: (c.target!.retry!.maxAttempts ?? 0) + 1 };
    const changed = join(dir, 'tweaked.yaml');
    writeFileSync(changed, dump(draft));
    const run = liveContext({ manifest: changed, endpoint, format: 'json' });
    await runDrift(run.ctx, { maxAttempts: 1 });
    const out = JSON.parse(run.stdout()) as { findings: Finding[] };
    expect(out.findings.filter((f) => f.rule === 'drift/target-retry').length).toBe(tweaked.length);
  });

  it('never overwrites without --force', async () => {
    const run = liveContext({ manifest: imported, endpoint });
    await expect(importCommand(run.ctx, { platform: 'x' }, { maxAttempts: 1 })).rejects.toMatchObject({ exitCode: 2 });
    expect(readFileSync(imported, 'utf8')).toContain('platform: acme-orders');
  });
});
