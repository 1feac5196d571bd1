import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftManifest, inferSchema, reducePattern, topicNameFor, type AccountView } from '../../../src/import/draft-manifest.js';
import { renderDraft } from '../../../src/import/render-draft.js';
import { loadManifest } from '../../../src/manifest/load.js';

const Q = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

const view: AccountView = {
  region: 'eu-west-1',
  account: '123456789012',
  buses: [
    {
      name: 'orders',
      archives: [{ name: 'orders-archive', retentionDays: 7 }],
      rules: [
        { name: 'mail', busName: 'orders', eventPattern: { source: ['shop'], 'detail-type': ['OrderPlaced', 'OrderShipped'], 'replay-name': [{ exists: false }] } },
        { name: 'mail-replay', busName: 'orders', eventPattern: { source: ['shop'], 'detail-type': ['OrderPlaced', 'OrderShipped'], 'replay-name': [{ prefix: 'ectl-' }] } },
        { name: 'big-orders', busName: 'orders', eventPattern: { source: ['shop'], detail: { total: [{ numeric: ['>', 1000] }] } }, eventPatternText: '{"source":["shop"],"detail":{"total":[{"numeric":[">",1000]}]}}' },
        { name: 'fraud-check', busName: 'orders', eventPattern: { source: ['shop'], 'detail-type': ['OrderPlaced'] } },
        { name: 'Archive-rule', busName: 'orders', managedBy: 'events.amazonaws.com', eventPattern: {} },
      ],
      targets: {
        mail: [{ id: 't', arn: Q('mail'), deadLetterArn: Q('mail-target-dlq'), settings: { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } } }],
        'mail-replay': [{ id: 't', arn: Q('mail') }],
        'fraud-check': [{ id: 'fn', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fraud' }],
      },
    },
  ],
  queues: { mail: { redrivePolicy: { deadLetterTargetArn: Q('mail-dlq'), maxReceiveCount: 4 } } },
};

describe('import: draft manifest', () => {
  it('reduces patterns to (source, detail-type) pairs and says why when it cannot', () => {
    expect(reducePattern({ $or: [{ source: ['a'], 'detail-type': ['X'] }, { source: ['b'], 'detail-type': ['Y', 'Z'] }] })).toEqual({
      pairs: [{ source: 'a', detailType: 'X' }, { source: 'b', detailType: 'Y' }, { source: 'b', detailType: 'Z' }],
      replay: 'none',
    });
    expect(reducePattern({ source: [{ prefix: 'a' }], 'detail-type': ['X'] })).toEqual({ reason: 'source and detail-type are not both lists of exact values' });
    expect(reducePattern({ source: ['a'], 'detail-type': ['X'], detail: { k: ['v'] } })).toEqual({ reason: 'filters on detail as well as source and detail-type' });
    expect(topicNameFor('OrderPlaced')).toBe('order.placed');
    expect(topicNameFor('order.placed')).toBe('order.placed');
  });

  it('turns targets into consumers with queue, DLQ, maxReceiveCount and target (kind, resource, target DLQ, retry)', async () => {
    const draft = draftManifest('shop', view);
    expect(draft.manifest.consumers.map((c) => [c.name, c.class, c.queue, c.dlq, c.maxReceiveCount])).toEqual([
      ['mail', 'operational', 'mail', 'mail-dlq', 4],
      ['fraud-check', 'projection', undefined, undefined, undefined],
    ]);
    expect(draft.manifest.consumers.map((c) => c.target)).toEqual([
      { kind: 'sqs', deadLetter: 'mail-target-dlq', retry: { maxAttempts: 3, maxEventAgeSeconds: 3600 } },
      { kind: 'lambda', function: 'fraud' },
    ]);
    expect(draft.manifest.consumers[0]!.replayRule).toBeUndefined();
    const text = renderDraft(draft, 'account 123456789012');
    expect(text).toContain('  # class guessed from the rule excluding replayed events: confirm\n');
    expect(text).toContain('#   rule orders/big-orders: pattern not reduced to topics (filters on detail as well as source and detail-type): {"source":["shop"]');
    expect(text).not.toContain('Archive-rule');

    // The draft, comments and all, is a manifest validate accepts.
    const dir = mkdtempSync(join(tmpdir(), 'eventctl-draft-'));
    try {
      writeFileSync(join(dir, 'eventctl.yaml'), text);
      const loaded = await loadManifest(join(dir, 'eventctl.yaml'), 'eventctl.yaml');
      expect(loaded.manifest.topics.map((t) => t.name)).toEqual(['order.placed', 'order.shipped']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drafts schemas: required = present in every sample, formats when every value has one', () => {
    expect(inferSchema([{ id: '0af76519-16cd-43dd-8448-eb211c80319c', n: 1, tags: ['a'] }, { id: '1af76519-16cd-43dd-8448-eb211c80319c', n: 2.5 }])).toEqual({
      type: 'object',
      required: ['id', 'n'],
      properties: { id: { type: 'string', format: 'uuid' }, n: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } },
    });
  });
});
