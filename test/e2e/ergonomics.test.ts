import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv } from '../support/aws-test-clients.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js';

// The built CLI as an on-call engineer or a CI job meets it: 80 columns, options on either side,
// input errors in every format, completion, doctor. Its own moto server: it runs `sandbox up`.
const PLATFORM = join(REPO_ROOT, 'fixtures/platform/eventctl.yaml');
const MIXED = join(REPO_ROOT, 'fixtures/lint/mixed-roles/eventctl.yaml');

// eslint-disable-next-line no-control-regex
const strip = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
function expectFits(result: CliResult, width: number): void {
  const long = strip(result.stdout)
    .split('\n')
    .filter((line) => [...line].length > width);
  expect(long, result.stdout).toEqual([]);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

describe('eventctl at 80 columns, options, formats, completion and doctor (built CLI)', () => {
  let moto: MotoServer;
  let env: NodeJS.ProcessEnv;
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    moto = await startMotoServer();
    env = { ...motoEnv(moto.endpoint), CI: '1' };
    const up = await runCli(['sandbox', 'up', '-m', PLATFORM], { env });
    expect(up.code, up.stderr).toBe(0);
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await moto?.stop();
  });

  it('no line of lint, drift, schema check, lag or dlq list exceeds 80 columns at COLUMNS=80', async () => {
    const narrow = { ...env, COLUMNS: '80' };
    const lint = await runCli(['lint', '-m', MIXED, '--fail-on', 'info'], { env: narrow });
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('4 findings: 4 error');
    expectFits(lint, 80);
    // Without a terminal and without COLUMNS, tables are full width (the same findings, longer lines).
    const wide = await runCli(['lint', '-m', MIXED, '--fail-on', 'info'], { env: { ...env, COLUMNS: '' } });
    expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(80);

    // drift in a region without the platform: every resource missing, many findings.
    const drift = await runCli(['drift', '-m', PLATFORM, '--region', 'eu-north-1'], { env: narrow });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('does not exist');
    expectFits(drift, 80);

    const repo = tempDir('eventctl-80-');
    mkdirSync(join(repo, 'schemas'));
    writeFileSync(join(repo, 'eventctl.yaml'), 'apiVersion: eventctl/v1\nplatform: demo\ndefaults: { compatibility: BACKWARD, policy: strict }\nbuses:\n  - name: orders\ntopics:\n  - name: order.placed\n    bus: orders\n    source: com.acme.orders\n    detailType: OrderPlaced\n    schema: schemas/order-placed.json\nconsumers: []\n');
    writeFileSync(join(repo, 'schemas/order-placed.json'), JSON.stringify({ type: 'object', properties: { orderId: { type: 'string' }, amount: { type: 'number' } }, required: ['orderId'] }));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'v1');
    writeFileSync(join(repo, 'schemas/order-placed.json'), JSON.stringify({ type: 'object', properties: { orderId: { type: 'string' }, amount: { type: 'integer' }, currency: { type: 'string' } }, required: ['orderId', 'currency'] }));
    const check = await runCli(['schema', 'check', '--against', 'main'], { cwd: repo, env: narrow });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^\d+ findings?: [1-9]\d* error/m);
    expectFits(check, 80);

    const lag = await runCli(['lag', '-m', PLATFORM], { env: narrow });
    expect(lag.stdout).toMatch(/^CONSUMER/);
    expectFits(lag, 80);
    const list = await runCli(['dlq', 'list', '-m', PLATFORM], { env: narrow });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^DLQ/);
    expectFits(list, 80);
  });

  it('the rules catalogue, one rule and the review scorecard fit 80 columns too', async () => {
    const narrow = { ...env, COLUMNS: '80' };
    const catalogue = await runCli(['rules'], { env: narrow });
    expect(catalogue.code).toBe(0);
    expect(catalogue.stdout).toContain('dlq-max-receive-count');
    expectFits(catalogue, 80);
    const one = await runCli(['rules', 'target-has-dlq-and-retry'], { env: narrow });
    expect(one.stdout).toContain('Why it matters');
    expectFits(one, 80);
    const review = await runCli(['review', '-m', PLATFORM], { env: narrow });
    expect(review.code).toBe(0);
    expect(review.stdout).toContain('readiness: SILVER');
    expectFits(review, 80);
  });

  it('global and AWS options work before and after the subcommand; help lists them', async () => {
    const after = await runCli(['lag', '-m', PLATFORM, '--format', 'json', '--region', 'eu-north-1'], { env });
    const before = await runCli(['--region', 'eu-north-1', '--format', 'json', '-m', PLATFORM, 'lag'], { env });
    for (const result of [after, before]) {
      expect(result.code, result.stderr).toBe(4);
      expect(JSON.parse(result.stdout).aws).toMatchObject({ account: '123456789012', region: 'eu-north-1', endpoint: moto.endpoint });
      expect(result.stderr).toMatch(/none of 24 queues exist in 123456789012 \/ eu-north-1: wrong region or account\?/);
    }
    const grouped = await runCli(['--endpoint-url', moto.endpoint, 'dlq', 'list', '--format', 'json', '-m', PLATFORM], { env: { ...env, AWS_ENDPOINT_URL: '' } });
    expect(grouped.code, grouped.stderr).toBe(0);
    expect(JSON.parse(grouped.stdout).aws.endpoint).toBe(moto.endpoint);

    const lintHelp = await runCli(['lint', '--help']);
    expect(lintHelp.stdout).toMatch(/Global Options:[^]*--manifest[^]*--format[^]*--fail-on/);
    expect(lintHelp.stdout).not.toContain('--region');
    const lagHelp = await runCli(['lag', '--help']);
    expect(lagHelp.stdout).toMatch(/--region[^]*--class[^]*|--class[^]*--region/);
    expect(lagHelp.stdout).toContain('Global Options:');
    const misplaced = await runCli(['--region', 'x', 'lint', '-m', PLATFORM]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('lint does not talk to AWS: --region does not apply');
  });

  it('a broken manifest is a finding in every machine format (exit 2, file:line:col)', async () => {
    const broken = join(REPO_ROOT, 'fixtures/broken/misspelt-class.yaml');
    const run = (format: string) => runCli(['validate', '-m', broken, '--format', format]);
    const github = await run('github');
    expect(github.code).toBe(2);
    expect(github.stdout).toMatch(/^::error file=fixtures\/broken\/misspelt-class\.yaml,line=71,col=12,title=input\/invalid/m);
    const json = await run('json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, findings: [{ rule: 'input/invalid', severity: 'error', location: { file: 'fixtures/broken/misspelt-class.yaml', line: 71, column: 12 } }] });
    const sarif = JSON.parse((await run('sarif')).stdout);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'input/invalid', level: 'error' });
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(71);
    const junit = await run('junit');
    expect(junit.stdout).toMatch(/<testcase classname="input\/invalid"[^>]*line="71"/);
    const markdown = await run('markdown');
    expect(markdown.stdout).toContain('fixtures/broken/misspelt-class.yaml:71:12');
    const text = await run('text');
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^eventctl: fixtures\/broken\/misspelt-class\.yaml:71:12: /);
    // lint on the same manifest annotates too (the commonest PR mistake).
    const lint = await runCli(['lint', '-m', broken, '--format', 'github']);
    expect(lint.code).toBe(2);
    expect(lint.stdout).toContain('::error file=fixtures/broken/misspelt-class.yaml,line=71');
  });

  it('completion bash|zsh|fish comes from the command definitions; the bash script parses', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    const file = join(tempDir('eventctl-completion-'), 'eventctl.bash');
    writeFileSync(file, bash.stdout);
    execFileSync('bash', ['-n', file]);
    const offered = execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(eventctl ""); COMP_CWORD=1; _eventctl; echo "\${COMPREPLY[@]}"; COMP_WORDS=(eventctl dlq ""); COMP_CWORD=2; _eventctl; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).split('\n');
    for (const command of ['lint', 'lag', 'dlq', 'replay', 'doctor', 'completion', 'schema']) expect(offered[0]!.split(' ')).toContain(command);
    expect(offered[1]!.split(' ').sort()).toEqual(['inspect', 'list', 'redrive']);
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c eventctl -n '__fish_seen_subcommand_from lag' -l class -xa 'operational projection workflow'");
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef eventctl/);
    expect((await runCli(['completion', 'tcsh'])).code).toBe(2);
  });

  it('doctor: offline parts work without credentials and say what is missing; with credentials it names the account', async () => {
    const empty = tempDir('eventctl-doctor-');
    const bare: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: join(empty, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(empty, 'none'), AWS_REGION: '' };
    const offline = await runCli(['doctor', '--format', 'json'], { cwd: empty, env: bare });
    expect(offline.code, offline.stderr).toBe(0);
    const checks = JSON.parse(offline.stdout).checks as Array<{ name: string; status: string; detail: string }>;
    expect(checks.map((c) => c.name)).toEqual(['eventctl', 'node', 'git', 'manifest', 'policy', 'credentials', 'aws']);
    expect(checks.find((c) => c.name === 'credentials')).toMatchObject({ status: 'warn', detail: expect.stringContaining('none found') });
    expect(checks.find((c) => c.name === 'manifest')).toMatchObject({ status: 'warn' });
    const text = await runCli(['doctor'], { cwd: empty, env: { ...bare, COLUMNS: '80' } });
    expect(text.stdout).toMatch(/credentials\s+none found/);
    expectFits(text, 80);

    const online = await runCli(['doctor', '--format', 'json', '-m', PLATFORM], { env });
    expect(online.code, online.stderr).toBe(0);
    const live = JSON.parse(online.stdout).checks as Array<{ name: string; status: string; detail: string }>;
    expect(live.find((c) => c.name === 'identity')).toMatchObject({ status: 'ok', detail: expect.stringContaining('account 123456789012') });
    expect(live.find((c) => c.name === 'policy')).toMatchObject({ status: 'ok' });
    expect(live.find((c) => c.name === 'endpoint')).toMatchObject({ status: 'ok', detail: `${moto.endpoint} answered` });
  });

  it('finds eventctl.yaml walking up from a subdirectory, and EVENTCTL_MANIFEST', async () => {
    const repo = tempDir('eventctl-walk-');
    cpSync(join(REPO_ROOT, 'fixtures/platform'), repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    const below = await runCli(['validate', '--format', 'json'], { cwd: join(repo, 'schemas') });
    expect(below.code, below.stderr).toBe(0);
    const byEnv = await runCli(['validate'], { cwd: tmpdir(), env: { EVENTCTL_MANIFEST: join(repo, 'eventctl.yaml') } });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(byEnv.stdout).toContain('is valid');
  });

  it('a missing --profile is named; with env keys also set no SDK notice leaks', async () => {
    const dir = tempDir('eventctl-profile-');
    const config = join(dir, 'config');
    writeFileSync(config, `[profile moto]\nregion = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n[profile prod-admin]\nregion = eu-west-2\n`);
    const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
    const missing = await runCli(['dlq', 'list', '-m', PLATFORM, '--profile', 'prod-admn'], { env: { ...env, ...files } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`eventctl: AWS profile 'prod-admn' not found in ${config}`);
    expect(missing.stderr).toContain('did you mean --profile prod-admin?');
    expect(missing.stderr).not.toContain('pass --profile');

    // The profile exists but holds no usable credentials: name it, never "pass --profile".
    const noKeys = await runCli(['dlq', 'list', '-m', PLATFORM, '--profile', 'prod-admin'], { env: { ...env, ...files } });
    expect(noKeys.code, noKeys.stderr).toBe(4);
    expect(noKeys.stderr).toMatch(/no AWS credentials found for .* in profile 'prod-admin'/);
    expect(noKeys.stderr).toContain("refresh the credentials of profile 'prod-admin'");
    expect(noKeys.stderr).not.toContain('pass --profile');

    const both = await runCli(['dlq', 'list', '-m', PLATFORM, '--profile', 'moto', '--format', 'json'], { env: { ...env, ...files } });
    expect(both.code, both.stderr).toBe(0);
    expect(JSON.parse(both.stdout).aws.profile).toBe('moto');
    expect(both.stderr).not.toMatch(/WARNING|Multiple credential sources|NodeDeprecation|node >=22|unknown format/);
    expect(readFileSync(config, 'utf8')).toContain('[profile moto]');
  });
});
