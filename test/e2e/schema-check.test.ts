import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const MANIFEST = `apiVersion: eventctl/v1
platform: demo
defaults: { compatibility: BACKWARD, policy: strict }
buses:
  - name: orders
topics:
  - name: order.placed
    bus: orders
    source: com.acme.orders
    detailType: OrderPlaced
    schema: schemas/order-placed.json
consumers: []
`;

const V1 = `{
  "type": "object",
  "properties": {
    "orderId": { "type": "string" },
    "amount": { "type": "number" }
  },
  "required": ["orderId"]
}
`;
// Compatible in both directions: a new optional property with an unconstrained schema.
const V2_COMPATIBLE = `{
  "type": "object",
  "properties": {
    "orderId": { "type": "string" },
    "amount": { "type": "number" },
    "note": {}
  },
  "required": ["orderId"]
}
`;
const V3_BREAKING = `{
  "type": "object",
  "properties": {
    "orderId": { "type": "string" },
    "amount": { "type": "integer" },
    "note": {},
    "currency": { "type": "string" }
  },
  "required": ["orderId", "currency"]
}
`;

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

describe('eventctl schema check in a real git repository', () => {
  let repo: string;
  // A fresh repository per test: tests check out other commits and edit the manifest.
  beforeEach(() => {
    repo = tempDir('eventctl-schema-check-');
    sh(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'schemas'));
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST);
    writeFileSync(join(repo, 'schemas/order-placed.json'), V1);
    sh(repo, 'add', '-A');
    sh(repo, 'commit', '-qm', 'v1');
    sh(repo, 'checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'schemas/order-placed.json'), V2_COMPATIBLE);
    sh(repo, 'commit', '-qam', 'compatible: add an unconstrained optional field');
    writeFileSync(join(repo, 'schemas/order-placed.json'), V3_BREAKING);
    sh(repo, 'commit', '-qam', 'breaking: integer amount, required currency');
  });

  it('a compatible commit passes (exit 0), the breaking one after it does not', async () => {
    const result = await runCli(['schema', 'check', '--against', 'main', '--format', 'github'], { cwd: repo });
    sh(repo, 'checkout', '-q', 'HEAD~1');
    const compatible = await runCli(['schema', 'check', '--against', 'main', '--format', 'github'], { cwd: repo });
    sh(repo, 'checkout', '-q', 'feature');
    expect(compatible.stderr).toBe('');
    expect(compatible.code).toBe(0);
    expect(compatible.stdout).not.toContain('::error');
    expect(result.code).toBe(1);
  });

  it('a breaking commit fails (exit 1) with GitHub annotations on the schema lines', async () => {
    const result = await runCli(['schema', 'check', '--format', 'github'], { cwd: repo });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(2);
    expect(errors.find((l) => l.includes('title=type-narrowed'))).toMatch(/^::error file=schemas\/order-placed\.json,line=5,col=\d+,title=type-narrowed/);
    expect(errors.find((l) => l.includes('title=required-property-added'))).toMatch(/^::error file=schemas\/order-placed\.json,line=7,col=\d+,title=required-property-added/);
  });

  it('a committed, unexpired waiver accepts the break; an expired one is an error', async () => {
    const json = await runCli(['schema', 'check', '--format', 'json'], { cwd: repo });
    const report = JSON.parse(json.stdout) as { findings: Array<{ rule: string; hint?: string }> };
    const fingerprints = report.findings.filter((f) => f.hint).map((f) => /fingerprint: "([0-9a-f]{12})"/.exec(f.hint!)![1]!);
    const rules = report.findings.filter((f) => f.hint).map((f) => f.rule);
    const waivers = (expires: string) =>
      `schemaWaivers:\n${fingerprints.map((fp, i) => `  - { fingerprint: "${fp}", rule: ${rules[i]}, reason: "v2 migration agreed", expires: "${expires}", approver: alice }`).join('\n')}\n`;
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST + waivers('2999-01-01'));
    const waived = await runCli(['schema', 'check', '--format', 'github'], { cwd: repo });
    expect(waived.code).toBe(0);
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST + waivers('2020-01-01'));
    const expired = await runCli(['schema', 'check', '--format', 'github'], { cwd: repo });
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain('title=waiver-expired');
    writeFileSync(join(repo, 'eventctl.yaml'), MANIFEST);
  });

  it('follows a moved schema file by topic name and checks every earlier version under FULL_TRANSITIVE', async () => {
    const dir = tempDir('eventctl-schema-moved-');
    sh(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'schemas'));
    const manifest = (path: string) => MANIFEST.replace('schemas/order-placed.json', path).replace('compatibility: BACKWARD', 'compatibility: FULL_TRANSITIVE');
    writeFileSync(join(dir, 'eventctl.yaml'), manifest('schemas/order-placed.json'));
    writeFileSync(join(dir, 'schemas/order-placed.json'), V1.replace('"number"', '"integer"'));
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-qm', 'v1: integer amount');
    writeFileSync(join(dir, 'schemas/order-placed.json'), V1);
    sh(dir, 'commit', '-qam', 'v2: number amount (an old integer reader breaks: FORWARD)');
    mkdirSync(join(dir, 'schemas/orders'));
    sh(dir, 'mv', 'schemas/order-placed.json', 'schemas/orders/placed.json');
    writeFileSync(join(dir, 'eventctl.yaml'), manifest('schemas/orders/placed.json'));
    sh(dir, 'commit', '-qam', 'move the schema file');
    // Working tree equals the latest version: only the transitive check against v1 can fail.
    const result = await runCli(['schema', 'check', '--against', 'HEAD', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(result.stdout) as { findings: Array<{ rule: string; severity: string; location: { file: string } }>; topics: Array<{ versionsChecked: number }> };
    expect(report.findings.some((f) => f.rule === 'topic-removed' || f.rule === 'topic-added')).toBe(false);
    expect(report.findings.find((f) => f.severity === 'error')).toMatchObject({ rule: 'type-widened', location: { file: 'schemas/orders/placed.json' } });
    expect(report.topics[0]!.versionsChecked).toBe(2);
    expect(result.code).toBe(1);
  });

  it('a missing ref is exit 2 with the fix', async () => {
    const result = await runCli(['schema', 'check', '--against', 'origin/main'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('git fetch origin main');
  });

  it('a shallow clone is exit 2 with the fetch-depth fix for transitive modes', async () => {
    const clone = tempDir('eventctl-shallow-');
    sh(clone, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, 'c');
    const result = await runCli(['schema', 'check', '--against', 'HEAD', '--mode', 'FULL_TRANSITIVE'], { cwd: join(clone, 'c') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('fetch-depth: 0');
  });

  it('schema diff: exit 1 for an incompatible pair, 0 for a compatible one, 2 for invalid JSON', async () => {
    const dir = tempDir('eventctl-schema-diff-');
    writeFileSync(join(dir, 'v1.json'), V1);
    writeFileSync(join(dir, 'v2.json'), V2_COMPATIBLE);
    writeFileSync(join(dir, 'v3.json'), V3_BREAKING);
    writeFileSync(join(dir, 'bad.json'), '{ "type": ');
    expect((await runCli(['schema', 'diff', 'v1.json', 'v2.json'], { cwd: dir })).code).toBe(0);
    const broken = await runCli(['schema', 'diff', 'v1.json', 'v3.json', '--format', 'json'], { cwd: dir });
    expect(broken.code).toBe(1);
    const parsed = JSON.parse(broken.stdout) as { schemaVersion: number; compatible: boolean; changes: Array<{ rule: string }> };
    expect(parsed).toMatchObject({ schemaVersion: 1, compatible: false, mode: 'BACKWARD', policy: 'strict' });
    expect(parsed.changes.map((c) => c.rule)).toContain('required-property-added');
    const bad = await runCli(['schema', 'diff', 'v1.json', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json:1:\d+/);
  });
});

describe('eventctl schema check on a team-owned topic (include:)', () => {
  it('compares the team file’s schema with the base revision and annotates the team’s schema file', async () => {
    const dir = tempDir('eventctl-schema-team-');
    sh(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'teams/orders'), { recursive: true });
    writeFileSync(join(dir, 'eventctl.yaml'), `apiVersion: eventctl/v1\nplatform: demo\ninclude: [teams/*/eventctl.yaml]\nbuses:\n  - name: orders\ntopics: []\nconsumers: []\n`);
    writeFileSync(
      join(dir, 'teams/orders/eventctl.yaml'),
      `apiVersion: eventctl/v1\nowner: team-orders\ntopics:\n  - name: order.placed\n    bus: orders\n    source: com.acme.orders\n    detailType: OrderPlaced\n    schema: order-placed.json\n    compatibility: BACKWARD\n`,
    );
    writeFileSync(join(dir, 'teams/orders/order-placed.json'), V1);
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-qm', 'v1');
    sh(dir, 'checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'teams/orders/order-placed.json'), V3_BREAKING);
    sh(dir, 'commit', '-qam', 'breaking');
    const result = await runCli(['schema', 'check', '--against', 'main', '--format', 'github'], { cwd: dir });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors.find((l) => l.includes('title=required-property-added'))).toMatch(/^::error file=teams\/orders\/order-placed\.json,line=7,/);
  });
});
