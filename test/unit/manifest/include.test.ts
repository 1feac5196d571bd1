import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoWithFiles } from '../../support/file-tree.js';
import { inputErrorOf } from '../../support/input-error.js';
import { expandInclude, includePatternProblem } from '../../../src/manifest/include-glob.js';
import { loadManifest } from '../../../src/manifest/load.js';
import { runLint } from '../../../src/lint/run-lint.js';
import { resolveLintConfig } from '../../../src/lint/lint-config.js';
import { createLintInput } from '../../../src/lint/lint-input.js';
import { presetLoader } from '../../../src/lint/presets.js';
import { readLintFacts } from '../../../src/lint/read-lint-facts.js';

const repo = (files: Record<string, string>) => repoWithFiles(files, 'eventctl-include-');
const caught = inputErrorOf;

const PLATFORM = `apiVersion: eventctl/v1
platform: org
include: [teams/*/eventctl.yaml]
buses:
  - name: platform
topics:
  - name: order.placed
    bus: platform
    source: com.acme.orders
    detailType: OrderPlaced
    schema: schemas/order.placed.json
consumers: []
`;
const ORDERS = `apiVersion: eventctl/v1
owner: team-orders
topics:
  - name: order.shipped
    bus: platform
    source: com.acme.orders
    detailType: OrderShipped
    schema: order.shipped.json
consumers:
  - name: order-history
    class: projection
    subscribes: [order.placed]
    queue: order-history
`;
const BILLING = `apiVersion: eventctl/v1
owner: team-billing
consumers:
  - name: invoice-writer
    owner: billing-oncall
    class: operational
    subscribes: [order.placed, order.shipped]
    queue: invoice-writer
`;
const SCHEMA = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' });

describe('include: team-owned manifests', () => {
  it('merges team files in path order, defaults owner, resolves schemas from the team file', () => {
    const root = repo({ 'eventctl.yaml': PLATFORM, 'schemas/order.placed.json': SCHEMA, 'teams/orders/eventctl.yaml': ORDERS, 'teams/orders/order.shipped.json': SCHEMA, 'teams/billing/eventctl.yaml': BILLING });
    const loaded = loadManifest(join(root, 'eventctl.yaml'));
    expect(loaded.includedFiles).toEqual(['teams/billing/eventctl.yaml', 'teams/orders/eventctl.yaml']);
    expect(loaded.manifest.consumers.map((c) => [c.name, c.owner])).toEqual([
      ['invoice-writer', 'billing-oncall'],
      ['order-history', 'team-orders'],
    ]);
    expect(loaded.manifest.topics.map((t) => [t.name, t.owner])).toEqual([
      ['order.placed', undefined],
      ['order.shipped', 'team-orders'],
    ]);
    expect(loaded.schemas.get('order.shipped')?.relativePath).toBe(join('teams', 'orders', 'order.shipped.json'));
    // Positions point at the file that declared the entry.
    expect(loaded.locate('/consumers/1/class')).toMatchObject({ file: 'teams/orders/eventctl.yaml', line: 11 });
    expect(loaded.locate('/consumers/0/owner')).toMatchObject({ file: 'teams/billing/eventctl.yaml', line: 5 });
    expect(loaded.locate('/topics/0/name')).toMatchObject({ file: 'eventctl.yaml', line: 7 });
  });

  it('reports a name declared in two files with both files and lines', () => {
    const clash = BILLING.replace('invoice-writer\n    owner', 'order-history\n    owner');
    const root = repo({ 'eventctl.yaml': PLATFORM, 'schemas/order.placed.json': SCHEMA, 'teams/orders/eventctl.yaml': ORDERS, 'teams/orders/order.shipped.json': SCHEMA, 'teams/billing/eventctl.yaml': clash });
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    const all = [error, ...error.problems].map((p) => p.message).join('\n');
    expect(all).toContain("consumer 'order-history' is declared twice: teams/billing/eventctl.yaml:4 and teams/orders/eventctl.yaml:10");
  });

  it('validates a team file against the teamFile schema, at its own lines', () => {
    const root = repo({ 'eventctl.yaml': PLATFORM, 'schemas/order.placed.json': SCHEMA, 'teams/orders/eventctl.yaml': `apiVersion: eventctl/v1\nconsumers:\n  - name: x\n    class: sometimes\n    subscribes: []\n` });
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    const first = [error, ...error.problems].find((p) => p.location?.file === 'teams/orders/eventctl.yaml');
    expect(first?.location?.line).toBe(4);
  });

  it('lint findings on a team consumer point at the team file', async () => {
    const root = repo({ 'eventctl.yaml': PLATFORM, 'schemas/order.placed.json': SCHEMA, 'teams/orders/eventctl.yaml': ORDERS, 'teams/orders/order.shipped.json': SCHEMA, 'teams/billing/eventctl.yaml': BILLING });
    const loaded = loadManifest(join(root, 'eventctl.yaml'));
    const config = resolveLintConfig(loaded.manifest.lint, presetLoader(loaded), (p) => loaded.locate(p));
    const report = runLint(createLintInput(loaded, readLintFacts(loaded), new Date('2026-11-30T00:00:00Z')), config, (p) => loaded.locate(p));
    const onInvoice = report.findings.filter((f) => f.subject.name === 'invoice-writer');
    expect(onInvoice.length).toBeGreaterThan(0);
    for (const finding of onInvoice) expect(finding.location?.file).toBe('teams/billing/eventctl.yaml');
  });

  it('refuses patterns that leave the directory, and a pattern that matches nothing', () => {
    expect(includePatternProblem('../other/*.yaml')).toMatch(/leaves/);
    expect(includePatternProblem('/etc/*.yaml')).toMatch(/absolute/);
    expect(includePatternProblem('teams/**/eventctl.yaml')).toMatch(/\*\*/);
    const root = repo({ 'eventctl.yaml': PLATFORM.replace('teams/*/eventctl.yaml', 'team/*/eventctl.yaml'), 'schemas/order.placed.json': SCHEMA });
    expect(caught(() => loadManifest(join(root, 'eventctl.yaml'))).message).toMatch(/matches no file/);
  });

  it('never follows a symbolic link out of the repository', () => {
    const outside = repo({ 'evil/eventctl.yaml': ORDERS });
    const root = repo({ 'eventctl.yaml': PLATFORM, 'teams/real/eventctl.yaml': BILLING });
    symlinkSync(join(outside, 'evil'), join(root, 'teams', 'linked'));
    expect(expandInclude('teams/*/eventctl.yaml', root).map((p) => p.slice(root.length + 1))).toEqual(['teams/real/eventctl.yaml']);
  });
});

describe('spoke-topic-forwarded (lint on a many-account platform)', () => {
  it("reports a consumer subscribing to another account's topic without a forwarding bus, at its team file", () => {
    const platform = `apiVersion: eventctl/v1
platform: org
include: [teams/*/eventctl.yaml]
environments:
  prod: { accounts: { hub: "111111111111", billing: "333333333333" }, regions: [eu-west-1], roleName: r }
buses:
  - { name: platform, account: hub }
topics:
  - { name: order.placed, bus: platform, source: com.acme.orders, detailType: OrderPlaced }
consumers: []
`;
    const team = `apiVersion: eventctl/v1
account: billing
consumers:
  - name: invoice-writer
    class: projection
    subscribes: [order.placed]
`;
    const root = repo({ 'eventctl.yaml': platform, 'teams/billing/eventctl.yaml': team });
    const loaded = loadManifest(join(root, 'eventctl.yaml'));
    const lint = () => {
      const config = resolveLintConfig(loaded.manifest.lint, presetLoader(loaded), (p) => loaded.locate(p));
      return runLint(createLintInput(loaded, readLintFacts(loaded), new Date('2026-11-30T00:00:00Z')), config, (p) => loaded.locate(p)).findings.filter((f) => f.rule === 'spoke-topic-forwarded');
    };
    const found = lint();
    expect(found).toHaveLength(1);
    expect(found[0]!.location).toMatchObject({ file: 'teams/billing/eventctl.yaml', line: 6 });
    loaded.manifest.buses.push({ name: 'billing-inbound', account: 'billing', forwardFrom: 'platform' });
    expect(lint()).toHaveLength(0);
  });

  it('refuses an account alias an environment does not list, at the line that names it', () => {
    const root = repo({
      'eventctl.yaml': `apiVersion: eventctl/v1
platform: org
environments:
  prod: { accounts: { hub: "111111111111" }, regions: [eu-west-1], roleName: r }
buses:
  - { name: platform, account: hubb }
topics: []
consumers: []
`,
    });
    const error = caught(() => loadManifest(join(root, 'eventctl.yaml')));
    expect(error.message).toMatch(/account 'hubb', which environment 'prod' does not list/);
    expect(error.location?.line).toBe(6);
  });
});
