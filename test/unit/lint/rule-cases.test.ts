import { describe, expect, it } from 'vitest';
import { resolveLintConfig } from '../../../src/lint/lint-config.js';
import { createLintInput, type LintFacts } from '../../../src/lint/lint-input.js';
import { readBuiltinPreset } from '../../../src/lint/presets.js';
import { RULES } from '../../../src/lint/registry.js';
import { runLint } from '../../../src/lint/run-lint.js';
import type { LoadedManifest, LoadedSchema, Manifest } from '../../../src/manifest/model.js';
import { NOW } from './lint-harness.js';

const detail = (...fields: string[]) => ({
  type: 'object',
  required: fields,
  properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])),
});

/** A small platform that passes every rule, strict ones included. Each case breaks one thing. */
function healthy(): { manifest: Manifest; schemas: Record<string, unknown>; facts: LintFacts } {
  return {
    manifest: {
      apiVersion: 'eventctl/v1',
      platform: 'cases',
      defaults: { compatibility: 'BACKWARD_TRANSITIVE' },
      buses: [{ name: 'orders', archive: { name: 'orders-archive', retentionDays: 30 } }],
      topics: [
        { name: 'order.placed', bus: 'orders', source: 'acme.orders', detailType: 'OrderPlaced', schema: 's/placed.json', owner: 'orders', correlation: '/detail/orderId' },
        { name: 'order.shipped', bus: 'orders', source: 'acme.orders', detailType: 'OrderShipped', schema: 's/shipped.json', owner: 'orders', correlation: '/detail/orderId' },
      ],
      consumers: [
        {
          name: 'billing', class: 'operational', owner: 'billing', subscribes: ['order.placed'], rule: 'billing', queue: 'billing',
          dlq: 'billing-dlq', maxReceiveCount: 5, idempotency: { key: '/detail/orderId', windowHours: 720 }, sideEffects: ['payments'],
          lag: { maxAgeSeconds: 300 },
        },
        {
          name: 'read-model', class: 'projection', owner: 'orders', subscribes: ['order.placed', 'order.shipped'], rule: 'read-model',
          queue: 'read-model', dlq: 'read-model-dlq', maxReceiveCount: 5, rebuildable: true, lag: { maxAgeSeconds: 900 },
        },
        {
          name: 'fulfil', class: 'workflow', owner: 'ops', subscribes: ['order.placed'], rule: 'fulfil', queue: 'fulfil', dlq: 'fulfil-dlq',
          maxReceiveCount: 5, workflow: 'fulfilment', correlation: '/detail/orderId', dedupe: { key: '/detail/orderId', windowHours: 720 },
          lag: { maxAgeSeconds: 300 },
        },
      ],
      workflows: [{ name: 'fulfilment', engine: 'stepfunctions' }],
      replay: { approvalPolicy: 'policy.yaml' },
      observability: { tracing: { propagation: '/detail/traceparent' }, lagAlarms: true },
      runbooks: { replay: 'replay.md', dlq: 'dlq.md' },
    },
    schemas: {
      'order.placed': detail('orderId', 'traceparent'),
      'order.shipped': detail('orderId', 'shipmentId', 'traceparent'),
    },
    facts: {
      approvalPolicy: { file: 'policy.yaml', maxWindowMinutes: { operational: 360 } },
      runbooks: { replay: { path: 'replay.md', exists: true }, dlq: { path: 'dlq.md', exists: true } },
    },
  };
}

type Platform = ReturnType<typeof healthy>;

/** Every rule at its strict severity; returns the ids that reported. */
function lintPlatform(platform: Platform): string[] {
  const loaded = {
    file: '/m/eventctl.yaml', relativeFile: 'eventctl.yaml', dir: '/m', root: '/m', manifest: platform.manifest,
    locate: () => ({ file: 'eventctl.yaml', line: 1, column: 1 }),
    schemas: new Map(Object.entries(platform.schemas).map(([topic, document]) => [topic, { topic, path: `/m/${topic}`, relativePath: topic, text: '', document } as LoadedSchema])),
  } satisfies LoadedManifest;
  const strict = readBuiltinPreset('strict');
  const config = resolveLintConfig({ ...platform.manifest.lint, extends: ['strict'] }, () => strict, loaded.locate);
  const result = runLint(createLintInput(loaded, platform.facts, NOW), config, loaded.locate);
  return [...new Set(result.findings.map((f) => f.rule))].sort();
}

const c = (p: Platform, name: string) => p.manifest.consumers.find((x) => x.name === name)!;
const t = (p: Platform, name: string) => p.manifest.topics.find((x) => x.name === name)!;

/** One breaking change per rule (more where a rule has several ways to fail). */
const FAILING: Array<[rule: string, what: string, breakIt: (p: Platform) => void]> = [
  ['bus-has-archive', 'archive removed', (p) => delete p.manifest.buses[0]!.archive],
  ['bus-has-replay-policy', 'no approval policy', (p) => { delete p.manifest.replay; delete p.facts.approvalPolicy; }],
  ['consumer-has-lag-slo', 'projection without lag', (p) => delete c(p, 'read-model').lag],
  ['consumer-has-owner', 'no owner', (p) => delete c(p, 'read-model').owner],
  ['consumer-has-subscriptions', 'empty subscribes', (p) => (c(p, 'read-model').subscribes = [])],
  ['consumer-reads-deprecated', 'reads a deprecated field', (p) => {
    c(p, 'billing').reads = { 'order.placed': ['/detail/orderId'] };
    p.schemas['order.placed'] = { ...detail('orderId', 'traceparent'), properties: { orderId: { type: 'string', deprecated: true, 'x-sunset': '2026-09-01' }, traceparent: { type: 'string' } } };
  }],
  ['consumer-reads-in-schema', 'reads a field the schema lacks', (p) => (c(p, 'billing').reads = { 'order.placed': ['/detail/orderID'] })],
  ['consumer-reads-in-schema', 'reads a topic it does not subscribe to', (p) => (c(p, 'billing').reads = { 'order.shipped': ['/detail/orderId'] })],
  ['consumer-resources-unique', 'queue reused as dlq', (p) => (c(p, 'read-model').dlq = 'billing')],
  ['consumer-resources-unique', 'same rule on one bus', (p) => (c(p, 'read-model').rule = 'billing')],
  ['consumer-single-bus', 'topics on two buses', (p) => { p.manifest.buses.push({ name: 'other', archive: { name: 'a', retentionDays: 30 } }); t(p, 'order.shipped').bus = 'other'; }],
  ['consumer-single-role', 'two roles', (p) => (c(p, 'billing').roles = ['operational', 'workflow'])],
  ['consumer-single-role', 'a role other than the class', (p) => (c(p, 'read-model').roles = ['operational'])],
  ['consumer-topic-known', 'unknown topic', (p) => c(p, 'billing').subscribes.push('order.placd')],
  ['dlq-has-runbook', 'no dlq runbook', (p) => { delete p.manifest.runbooks!.dlq; delete (p.facts.runbooks as Record<string, unknown>).dlq; }],
  ['dlq-max-receive-count', 'no maxReceiveCount', (p) => delete c(p, 'read-model').maxReceiveCount],
  ['idempotency-window-covers-replay', 'window shorter than retention', (p) => (c(p, 'billing').idempotency!.windowHours = 48)],
  ['idempotency-window-covers-replay', 'window shorter than the policy window', (p) => { p.manifest.buses[0]!.archive!.retentionDays = 0; c(p, 'billing').idempotency!.windowHours = 2; }],
  ['idempotency-window-covers-replay', 'workflow dedupe window missing', (p) => delete c(p, 'fulfil').dedupe!.windowHours],
  ['key-exists-in-schema', 'idempotency key missing in schema', (p) => (c(p, 'billing').idempotency!.key = '/detail/paymentId')],
  ['key-exists-in-schema', 'pointer outside detail and envelope', (p) => (c(p, 'fulfil').correlation = '/orderId')],
  ['key-exists-in-schema', 'trace field missing in one schema', (p) => (p.schemas['order.shipped'] = detail('orderId', 'shipmentId'))],
  ['key-required-in-schema', 'key optional', (p) => ((p.schemas['order.placed'] as { required: string[] }).required = ['traceparent'])],
  ['lag-alarms-enabled', 'alarms off', (p) => (p.manifest.observability!.lagAlarms = false)],
  ['name-unique', 'duplicate consumer', (p) => p.manifest.consumers.push({ ...c(p, 'read-model'), queue: 'q2', dlq: 'q2-dlq', rule: 'r2' })],
  ['operational-has-dlq', 'no dlq', (p) => { delete c(p, 'billing').dlq; delete c(p, 'billing').maxReceiveCount; }],
  ['operational-has-idempotency-key', 'no idempotency', (p) => delete c(p, 'billing').idempotency],
  ['operational-has-lag-slo', 'lag without maxAgeSeconds', (p) => (c(p, 'billing').lag = { maxDepth: 10 })],
  ['operational-not-rebuildable', 'claims rebuildable', (p) => (c(p, 'billing').rebuildable = true)],
  ['operational-side-effects-declared', 'no side effects', (p) => delete c(p, 'billing').sideEffects],
  ['projection-is-rebuildable', 'rebuildable false', (p) => (c(p, 'read-model').rebuildable = false)],
  ['projection-no-side-effects', 'side effects', (p) => (c(p, 'read-model').sideEffects = ['email'])],
  ['queue-has-dlq', 'projection queue without dlq', (p) => { delete c(p, 'read-model').dlq; delete c(p, 'read-model').maxReceiveCount; }],
  ['replay-has-runbook', 'no replay runbook', (p) => { delete p.manifest.runbooks!.replay; delete (p.facts.runbooks as Record<string, unknown>).replay; }],
  ['replay-rule-valid', 'replay rule name too long', (p) => (c(p, 'billing').replayRule = 'x'.repeat(65))],
  ['replay-rule-valid', 'replay rule is another consumer\'s rule', (p) => (c(p, 'billing').replayRule = c(p, 'read-model').rule)],
  ['replay-rule-valid', 'replayRule on a projection', (p) => (c(p, 'read-model').replayRule = 'read-model-replay')],
  ['runbook-file-exists', 'runbook missing', (p) => ((p.facts.runbooks as Record<string, { exists: boolean }>).dlq!.exists = false)],
  ['spoke-topic-forwarded', "consumer in another account than its topic's bus, no forwarding bus", (p) => {
    p.manifest.environments = { prod: { accounts: { hub: '111111111111', billing: '333333333333' }, regions: ['eu-west-1'], roleName: 'r' } };
    p.manifest.buses[0]!.account = 'hub';
    for (const consumer of p.manifest.consumers) consumer.account = 'hub';
    c(p, 'billing').account = 'billing';
  }],
  ['topic-bus-known', 'unknown bus', (p) => (t(p, 'order.shipped').bus = 'order')],
  ['topic-compatibility-transitive', 'BACKWARD', (p) => (t(p, 'order.placed').compatibility = 'BACKWARD')],
  ['topic-event-type-unique', 'same detail type', (p) => (t(p, 'order.shipped').detailType = 'OrderPlaced')],
  ['topic-has-compatibility', 'NONE', (p) => (t(p, 'order.placed').compatibility = 'NONE')],
  ['topic-has-compatibility', 'no mode anywhere', (p) => delete p.manifest.defaults],
  ['topic-has-consumers', 'unconsumed topic', (p) => (c(p, 'read-model').subscribes = ['order.placed'])],
  ['topic-has-correlation', 'no correlation', (p) => delete t(p, 'order.shipped').correlation],
  ['topic-has-owner', 'no owner', (p) => delete t(p, 'order.shipped').owner],
  ['topic-has-schema', 'no schema', (p) => { delete t(p, 'order.shipped').schema; delete p.schemas['order.shipped']; }],
  ['tracing-propagated', 'no tracing', (p) => delete p.manifest.observability!.tracing],
  ['waiver-expired', 'expired waiver', (p) => (p.manifest.lint = { waivers: [{ rule: 'topic-has-owner', reason: 'legacy', expires: '2026-05-31' }] })],
  ['waiver-expired', 'invalid date', (p) => (p.manifest.lint = { waivers: [{ rule: 'topic-has-owner', reason: 'legacy', expires: '2026-02-30' }] })],
  ['workflow-has-correlation-key', 'no correlation', (p) => delete c(p, 'fulfil').correlation],
  ['workflow-has-dedupe-key', 'no dedupe', (p) => delete c(p, 'fulfil').dedupe],
  ['workflow-target-declared', 'unknown workflow', (p) => (c(p, 'fulfil').workflow = 'fulfillment')],
  ['workflow-target-declared', 'no workflow named', (p) => delete c(p, 'fulfil').workflow],
  ['target-has-dlq-and-retry', 'lambda without target DLQ', (p) => { lambdaBilling(p); delete c(p, 'billing').target!.deadLetter; }],
  ['target-has-dlq-and-retry', "EventBridge's default retry", (p) => { lambdaBilling(p); c(p, 'billing').target!.retry = { maxAttempts: 185, maxEventAgeSeconds: 86400 }; }],
  ['target-has-dlq-and-retry', 'workflow state machine without retry', (p) => { standardFulfil(p); delete c(p, 'fulfil').target!.retry; }],
  ['workflow-execution-dedupe', 'standard without execution name', (p) => { standardFulfil(p); delete c(p, 'fulfil').target!.executionName; }],
  ['workflow-execution-dedupe', 'standard named from another key', (p) => { standardFulfil(p); c(p, 'fulfil').target!.executionName = '/id'; }],
  ['workflow-execution-dedupe', 'express without dedupe', (p) => { standardFulfil(p); c(p, 'fulfil').target!.type = 'express'; delete c(p, 'fulfil').dedupe; }],
  ['kinesis-partition-key-correlation', 'no partition key', (p) => { kinesisReadModel(p); delete c(p, 'read-model').target!.partitionKey; }],
  ['kinesis-partition-key-correlation', 'partitioned by event id', (p) => { kinesisReadModel(p); c(p, 'read-model').target!.partitionKey = '/id'; }],
  ['target-dlq-has-alarm', 'lag alarms off', (p) => { lambdaBilling(p); p.manifest.observability!.lagAlarms = false; }],
  ['target-kind-consistent', 'lambda target and a queue', (p) => { lambdaBilling(p); c(p, 'billing').queue = 'billing'; }],
  ['target-kind-consistent', 'kinesis field on a lambda', (p) => { lambdaBilling(p); c(p, 'billing').target!.partitionKey = '/detail/orderId'; }],
  ['target-kind-consistent', 'target without a rule', (p) => { lambdaBilling(p); delete c(p, 'billing').rule; }],
  ['consumer-resources-unique', 'shared target DLQ', (p) => { lambdaBilling(p); standardFulfil(p); c(p, 'fulfil').target!.deadLetter = 'billing-target-dlq'; }],
];

/** Turns a consumer into one EventBridge delivers to directly: no queue, the given target. */
const retarget = (p: Platform, name: string, target: NonNullable<Manifest['consumers'][number]['target']>) => {
  const consumer = c(p, name);
  delete consumer.queue;
  delete consumer.dlq;
  delete consumer.maxReceiveCount;
  consumer.target = target;
};
const bounded = { maxAttempts: 3, maxEventAgeSeconds: 3600 };
const lambdaBilling = (p: Platform) => retarget(p, 'billing', { kind: 'lambda', function: 'billing', deadLetter: 'billing-target-dlq', retry: bounded });
const standardFulfil = (p: Platform) =>
  retarget(p, 'fulfil', { kind: 'stepfunctions', stateMachine: 'fulfilment', type: 'standard', executionName: '/detail/orderId', deadLetter: 'fulfil-target-dlq', retry: bounded });
const kinesisReadModel = (p: Platform) =>
  retarget(p, 'read-model', { kind: 'kinesis', stream: 'read-model', partitionKey: '/detail/orderId', deadLetter: 'read-model-target-dlq', retry: bounded });

/** Changes that look suspicious but are fine: no rule may fire. */
const PASSING: Array<[what: string, change: (p: Platform) => void]> = [
  ['an envelope field as idempotency key', (p) => (c(p, 'billing').idempotency!.key = '/id')],
  ['a key reached through a local $ref and allOf', (p) => {
    p.schemas['order.placed'] = {
      $defs: { ids: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } } },
      allOf: [{ $ref: '#/$defs/ids' }, { required: ['traceparent'], properties: { traceparent: { type: 'string' } } }],
    };
  }],
  ['reads of declared fields and envelope fields', (p) => (c(p, 'billing').reads = { 'order.placed': ['/detail/orderId', '/id', '/detail'] })],
  ['archive kept forever: only the policy window bounds replays', (p) => (p.manifest.buses[0]!.archive!.retentionDays = 0)],
  ['a waiver dated today still applies all day', (p) => {
    delete t(p, 'order.shipped').owner;
    p.manifest.lint = { waivers: [{ rule: 'topic-has-owner', subject: 'order.shipped', reason: 'moving', expires: '2026-06-01' }] };
  }],
  ['an operational Lambda with target DLQ and bounded retry', lambdaBilling],
  ['a workflow starter naming Standard executions from its correlation key', standardFulfil],
  ['an Express workflow starter that declares its dedupe', (p) => { standardFulfil(p); c(p, 'fulfil').target!.type = 'express'; delete c(p, 'fulfil').target!.executionName; }],
  ['a Kinesis projection partitioned by the correlation key', kinesisReadModel],
];

describe('rule cases', () => {
  it('the healthy platform passes every rule, strict ones included', () => {
    expect(lintPlatform(healthy())).toEqual([]);
  });

  it('every registered rule has at least one failing case', () => {
    const covered = new Set(FAILING.map(([rule]) => rule));
    expect(RULES.map((r) => r.meta.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(FAILING)('%s fails: %s', (rule, _what, breakIt) => {
    const platform = healthy();
    breakIt(platform);
    expect(lintPlatform(platform)).toContain(rule);
  });

  it.each(PASSING)('no finding for %s', (_what, change) => {
    const platform = healthy();
    change(platform);
    expect(lintPlatform(platform)).toEqual([]);
  });
});
