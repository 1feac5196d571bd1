import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadManifest } from '../../../src/manifest/load.js';
import type { Report } from '../../../src/report/finding.js';
import { runSchemaCheck } from '../../../src/schema/check.js';
import { changeFingerprint } from '../../../src/schema/waivers.js';
import { TempRepo } from './git-repo.js';

const NOW = new Date('2026-06-01T12:00:00Z');

interface TopicSpec { name: string; schema?: string; version?: number | string; compatibility?: string }

function manifest(topics: TopicSpec[], extra = '', consumers = 'consumers: []'): string {
  const lines = ['apiVersion: eventctl/v1', 'platform: demo', 'buses:', '  - name: orders', 'topics:'];
  for (const t of topics) {
    lines.push(`  - name: ${t.name}`, '    bus: orders', '    source: com.acme.orders', `    detailType: ${t.name}`);
    if (t.schema) lines.push(`    schema: ${t.schema}`);
    if (t.version !== undefined) lines.push(`    version: ${typeof t.version === 'string' ? JSON.stringify(t.version) : t.version}`);
    if (t.compatibility) lines.push(`    compatibility: ${t.compatibility}`);
  }
  lines.push(consumers);
  return `${lines.join('\n')}\n${extra}`;
}

const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: 'object', properties, required });
const V1 = obj({ orderId: { type: 'string' }, amount: { type: 'number' } }, ['orderId']);
const NARROWED = obj({ orderId: { type: 'string' }, amount: { type: 'integer' } }, ['orderId']);

async function check(repo: TempRepo, against = 'main', options: { now?: Date } = {}): Promise<Report> {
  const loaded = loadManifest(join(repo.dir, 'eventctl.yaml'), 'eventctl.yaml');
  return runSchemaCheck({ loaded, now: options.now ?? NOW, against, warn: () => {} });
}

const errors = (report: Report) => report.findings.filter((f) => f.severity === 'error');
const rulesOf = (report: Report) => report.findings.map((f) => `${f.severity}:${f.rule}`).sort();

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

function start(files: Record<string, string | object>): TempRepo {
  repo = new TempRepo().write(files);
  repo.commit('base');
  repo.git('checkout', '-qb', 'feature');
  return repo;
}

describe('runSchemaCheck (check.ts)', () => {
  it('a removed topic is an error naming the topic', async () => {
    const r = start({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json' }, { name: 'order.paid', schema: 's/b.json' }]), 's/a.json': V1, 's/b.json': V1 });
    r.write({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json' }]) });
    const report = await check(r);
    expect(errors(report).map((f) => [f.rule, f.subject.name])).toEqual([['topic-removed', 'order.paid']]);
    expect(report.extra?.compatible).toBe(false);
  });

  it('a topic whose schema file moved (same name) is compared, not removed and added', async () => {
    const r = start({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json' }]), 's/a.json': V1 });
    r.git('mv', 's/a.json', 's/order-placed.v1.json');
    r.write({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/order-placed.v1.json' }]), 's/order-placed.v1.json': NARROWED });
    const report = await check(r);
    expect(rulesOf(report)).toEqual(['error:type-narrowed']);
    expect(errors(report)[0]!.location?.file).toBe('s/order-placed.v1.json');
    // Unchanged content at a new path: nothing at all.
    r.write({ 's/order-placed.v1.json': V1 });
    expect((await check(r)).findings).toEqual([]);
  });

  it('a minor version bump does not allow a break; a major one does', async () => {
    const r = start({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json', version: '1.0' }]), 's/a.json': V1 });
    r.write({ 's/a.json': NARROWED, 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json', version: '1.4' }]) });
    expect(rulesOf(await check(r))).toEqual(['error:type-narrowed']);
    r.write({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json', version: 1 }]) });
    expect(rulesOf(await check(r))).toEqual(['error:type-narrowed']);
    r.write({ 'eventctl.yaml': manifest([{ name: 'order.placed', schema: 's/a.json', version: 'v2' }]) });
    const major = await check(r);
    expect(rulesOf(major)).toEqual(['info:major-version-bumped', 'info:type-narrowed']);
    expect(major.findings.find((f) => f.rule === 'type-narrowed')!.message).toMatch(/^Allowed by the major version bump/);
  });

  it('transitive: a break against an old version only, waived by fingerprint', async () => {
    const topics = [{ name: 'order.placed', schema: 's/a.json', compatibility: 'BACKWARD_TRANSITIVE' }];
    repo = new TempRepo().write({ 'eventctl.yaml': manifest(topics), 's/a.json': V1 });
    const v1 = repo.commit('v1');
    // v2 narrowed amount (accepted back then); the working tree is compatible with v2 but not with v1.
    repo.write({ 's/a.json': NARROWED });
    const v2 = repo.commit('v2');
    repo.git('checkout', '-qb', 'feature');
    repo.write({ 's/a.json': obj({ orderId: { type: 'string' }, amount: { type: 'integer' }, note: {} }, ['orderId']) });

    const plain = await check(repo);
    const narrowed = errors(plain);
    expect(narrowed.map((f) => f.rule)).toEqual(['type-narrowed']);
    expect(narrowed[0]!.message).toContain(v1.slice(0, 8));
    expect(narrowed[0]!.message).not.toContain(v2.slice(0, 8));
    expect((plain.extra?.topics as Array<{ versionsChecked: number }>)[0]!.versionsChecked).toBe(2);

    const fingerprint = changeFingerprint('order.placed', 'type-narrowed', '/properties/amount/type');
    expect(narrowed[0]!.hint).toContain(fingerprint);
    repo.write({ 'eventctl.yaml': manifest(topics, `schemaWaivers:\n  - { fingerprint: "${fingerprint}", rule: type-narrowed, reason: "cents since v2", expires: 2026-12-31 }\n`) });
    const waived = await check(repo);
    expect(errors(waived)).toEqual([]);
    expect(waived.findings.find((f) => f.rule === 'type-narrowed')!.message).toMatch(/^Waived \(cents since v2/);
    // Expired: the waiver itself is an error and the break is back.
    expect(errors(await check(repo, 'main', { now: new Date('2027-01-01T00:00:00Z') })).map((f) => f.rule).sort()).toEqual(['type-narrowed', 'waiver-expired']);
    // Without TRANSITIVE only the latest version counts, which is compatible.
    repo.write({ 'eventctl.yaml': manifest([{ ...topics[0]!, compatibility: 'BACKWARD' }]) });
    expect(errors(await check(repo))).toEqual([]);
  });
});

const CONSUMERS = `consumers:
  - name: billing
    class: operational
    owner: team-billing
    subscribes: [order.placed]
    reads: { order.placed: [/detail/orderId, /detail/amount] }
  - name: search
    class: projection
    owner: team-search
    subscribes: [order.placed]
    reads: { order.placed: [/detail/orderId, /detail/customer] }`;
const TOPIC = [{ name: 'order.placed', schema: 's/a.json' }];
const ORDER = obj({ orderId: { type: 'string' }, amount: { type: 'number' }, note: { type: 'string' }, customer: obj({ email: { type: 'string' } }) }, ['orderId']);

describe('consumer-aware checks', () => {
  it('a break to a field no consumer reads is info with the reason; one a consumer reads names it and its owner', async () => {
    const r = start({ 'eventctl.yaml': manifest(TOPIC, '', CONSUMERS), 's/a.json': ORDER });
    r.write({ 's/a.json': obj({ orderId: { type: 'string' }, amount: { type: 'number' }, note: { type: 'integer' }, customer: obj({ email: { type: 'integer' } }) }, ['orderId']) });
    const report = await check(r);
    const note = report.findings.find((f) => f.path === '/properties/note/type')!;
    expect(note.severity).toBe('info');
    expect(note.message).toMatch(/^Not read by any consumer \(billing, search declare `reads` for order.placed that do not touch \/detail\/note\)/);
    const email = report.findings.find((f) => f.path === '/properties/customer/properties/email/type')!;
    expect(email.severity).toBe('error');
    expect(email.message).toContain('affects search (owner team-search, reads /detail/customer)');
    expect(email.message).not.toContain('billing');
    expect(email.hint).toMatch(/^Talk to team-search first\./);
  });

  it('a consumer without reads is assumed to read everything', async () => {
    const open = CONSUMERS.replace('    reads: { order.placed: [/detail/orderId, /detail/customer] }', '');
    const r = start({ 'eventctl.yaml': manifest(TOPIC, '', open), 's/a.json': ORDER });
    r.write({ 's/a.json': { ...ORDER, properties: { ...ORDER.properties, note: { type: 'integer' } } } });
    const [note] = errors(await check(r));
    expect(note!.message).toContain('affects search (owner team-search, reads everything: no `reads` declared)');
  });

  it('a topic nobody subscribes to keeps its errors and says so', async () => {
    const r = start({ 'eventctl.yaml': manifest(TOPIC), 's/a.json': ORDER });
    r.write({ 's/a.json': { ...ORDER, properties: { ...ORDER.properties, note: { type: 'integer' } } } });
    const [note] = errors(await check(r));
    expect(note!.message).toContain('no consumer in the manifest subscribes to order.placed');
  });

  it('a removed topic names every consumer of it', async () => {
    const paid = { name: 'order.paid', schema: 's/a.json' };
    const r = start({ 'eventctl.yaml': manifest([...TOPIC, paid], '', CONSUMERS), 's/a.json': ORDER });
    r.write({ 'eventctl.yaml': manifest([paid], '', CONSUMERS) });
    const [removed] = errors(await check(r));
    expect(removed!.rule).toBe('topic-removed');
    expect(removed!.message).toContain('billing (owner team-billing, reads /detail/orderId, /detail/amount)');
    expect(removed!.message).toContain('search (owner team-search');
  });
});

describe('deprecation and sunset', () => {
  const deprecated = (sunset: string) => ({ ...ORDER, additionalProperties: false, properties: { ...ORDER.properties, note: { type: 'string', deprecated: true, 'x-sunset': sunset } } });
  const removed = { ...ORDER, additionalProperties: false, properties: { orderId: ORDER.properties.orderId, amount: ORDER.properties.amount, customer: ORDER.properties.customer } };
  const readsNote = CONSUMERS.replace('/detail/orderId, /detail/amount]', '/detail/orderId, /detail/note]');

  it('removing a property before its sunset is an error, even when nobody reads it', async () => {
    const r = start({ 'eventctl.yaml': manifest(TOPIC, '', CONSUMERS), 's/a.json': deprecated('2026-07-01') });
    r.write({ 's/a.json': removed });
    const found = (await check(r, 'main', { now: new Date('2026-06-30T23:59:59Z') })).findings.filter((f) => f.path === '/properties/note');
    expect(found.map((f) => [f.severity, f.rule])).toEqual([['error', 'property-removed-before-sunset']]);
    expect(found[0]!.message).toContain('before its sunset 2026-07-01');
  });

  it('after the sunset: a warning naming the consumers still reading it, else info', async () => {
    const r = start({ 'eventctl.yaml': manifest(TOPIC, '', readsNote), 's/a.json': deprecated('2026-07-01') });
    r.write({ 's/a.json': removed });
    const after = new Date('2026-07-01T00:00:00Z');
    const [warned] = (await check(r, 'main', { now: after })).findings.filter((f) => f.path === '/properties/note');
    expect([warned!.severity, warned!.rule]).toEqual(['warn', 'property-removed-after-sunset']);
    expect(warned!.message).toContain('affects billing (owner team-billing, reads /detail/note)');
    r.write({ 'eventctl.yaml': manifest(TOPIC, '', CONSUMERS) });
    const [quiet] = (await check(r, 'main', { now: after })).findings.filter((f) => f.path === '/properties/note');
    expect([quiet!.severity, quiet!.rule]).toEqual(['info', 'property-removed-after-sunset']);
  });
});
