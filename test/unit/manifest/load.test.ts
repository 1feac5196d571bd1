import { mkdirSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { loadManifest } from '../../../src/manifest/load.js';
import { checkReferencedFiles } from '../../../src/manifest/validate-platform.js';
import { repoWithFiles } from '../../support/file-tree.js';
import { inputErrorOf } from '../../support/input-error.js';
import { tempDir } from '../../support/temp-dir.js';

const EXAMPLE = new URL('../../../fixtures/platform/eventctl.yaml', import.meta.url).pathname;
const BROKEN = (name: string) => new URL(`../../../fixtures/broken/${name}`, import.meta.url).pathname;

const repo = (files: Record<string, string>) => repoWithFiles(files, 'eventctl-manifest-');
const caught = inputErrorOf;

const MINIMAL = `apiVersion: eventctl/v1
platform: demo
buses:
  - name: orders
topics:
  - name: order.placed
    bus: orders
    source: com.acme
    detailType: OrderPlaced
    schema: schemas/order.json
consumers:
  - name: billing
    class: operational
    subscribes: [order.placed]
`;

describe('loadManifest', () => {
  it('loads the example platform with its schemas and positions', () => {
    const loaded = loadManifest(EXAMPLE);
    expect(loaded.manifest.platform).toBe('acme-orders');
    expect(loaded.manifest.consumers.length).toBeGreaterThanOrEqual(8);
    expect(loaded.schemas.size).toBe(loaded.manifest.topics.length);
    const billing = loaded.manifest.consumers.findIndex((c) => c.name === 'billing-charge');
    const text = readFileSync(EXAMPLE, 'utf8').split('\n');
    const at = loaded.locate(`/consumers/${billing}/class`);
    expect(text[at.line - 1]).toContain('class: operational');
  });

  it('reports a misspelt class at its line with the valid classes and a suggestion', () => {
    const error = caught(() => loadManifest(BROKEN('misspelt-class.yaml')));
    expect(error.location?.file).toBe('fixtures/broken/misspelt-class.yaml');
    const line = readFileSync(BROKEN('misspelt-class.yaml'), 'utf8').split('\n')[error.location!.line - 1];
    expect(line).toContain('class: operatinal');
    expect(error.message).toContain('operational, projection, workflow');
    expect(error.hint).toBe("did you mean 'operational'?");
    expect(error.exitCode).toBe(2);
  });

  it('refuses a YAML alias bomb', () => {
    const error = caught(() => loadManifest(BROKEN('alias-bomb.yaml')));
    expect(error.message).toMatch(/alias/i);
  });

  it('refuses a schema path that leaves the repository', () => {
    const error = caught(() => loadManifest(BROKEN('path-escape.yaml')));
    expect(error.message).toContain('outside the repository root');
    expect(error.location?.line).toBe(10);
  });

  it('refuses a schema symlink that points outside the repository', () => {
    const outside = tempDir('eventctl-outside-');
    writeFileSync(join(outside, 'secret.json'), '{}');
    const root = repo({ 'eventctl.yaml': MINIMAL });
    mkdirSync(join(root, 'schemas'));
    symlinkSync(join(outside, 'secret.json'), join(root, 'schemas/order.json'));
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    expect(error.message).toContain('link to a file outside the repository');
  });

  it('refuses a schema URL without fetching it', () => {
    const root = repo({ 'eventctl.yaml': MINIMAL.replace('schemas/order.json', 'https://example.com/s.json') });
    expect(caught(() => loadManifest(join(root, 'eventctl.yaml'))).message).toContain('is a URL');
  });

  it('reports duplicate keys and unknown tags as errors at their lines', () => {
    const root = repo({
      'eventctl.yaml': `${MINIMAL}platform: again\n`,
      'schemas/order.json': '{}',
    });
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    expect(error.message).toMatch(/duplicat/);
    expect(error.location?.line).toBe(15);
    const tagged = repo({ 'eventctl.yaml': MINIMAL.replace('platform: demo', 'platform: !secret demo'), 'schemas/order.json': '{}' });
    expect(caught(() => loadManifest(join(tagged, 'eventctl.yaml'))).message).toMatch(/tag/i);
  });

  it('suggests the closest field name for an unknown field and reports every problem', () => {
    const root = repo({
      'eventctl.yaml': MINIMAL.replace('    subscribes: [order.placed]', '    subscribes: [order.placed]\n    qeue: billing\n    dlq: 7'),
      'schemas/order.json': '{}',
    });
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    const all = [error, ...error.problems];
    const unknown = all.find((p) => p.message.includes("unknown field 'qeue'"));
    expect(unknown?.hint).toBe("did you mean 'queue'?");
    expect(unknown?.location?.line).toBe(15);
    expect(all.some((p) => p.message.includes('must be a string') && p.location?.line === 16)).toBe(true);
  });

  it('accepts `replayRule:` (the opt-in replay rule of an operational consumer) as a rule name', () => {
    const ok = repo({ 'eventctl.yaml': MINIMAL.replace('    subscribes: [order.placed]', '    subscribes: [order.placed]\n    rule: billing\n    replayRule: billing-approved-replays'), 'schemas/order.json': '{}' });
    expect(loadManifest(join(ok, 'eventctl.yaml')).manifest.consumers[0]!.replayRule).toBe('billing-approved-replays');
    const bad = repo({ 'eventctl.yaml': MINIMAL.replace('    subscribes: [order.placed]', '    subscribes: [order.placed]\n    replayRule: "billing replays"'), 'schemas/order.json': '{}' });
    const error = caught(() => loadManifest(join(bad, 'eventctl.yaml')));
    expect([error, ...error.problems].some((p) => p.location?.line === 15)).toBe(true);
  });

  it('maps invalid schema JSON to the line and column in the schema file', () => {
    const root = repo({ 'eventctl.yaml': MINIMAL, 'schemas/order.json': '{\n  "type": "object",\n  "properties": {,}\n}' });
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    expect(error.location).toMatchObject({ file: 'schemas/order.json', line: 3 });
    expect(error.message).toContain('invalid JSON');
  });

  it('meta-validates schemas for their draft and points at the bad keyword', async () => {
    const root = repo({
      'eventctl.yaml': MINIMAL,
      'schemas/order.json': JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { id: { type: 'strin' } } }, null, 2),
    });
    const loaded = loadManifest(join(root, 'eventctl.yaml'));
    const error = await checkReferencedFiles(loaded).then(
      () => undefined,
      (e: unknown) => e as InputError,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error!.location?.file).toBe('schemas/order.json');
    expect(error!.location?.line).toBe(6);
  });
});
