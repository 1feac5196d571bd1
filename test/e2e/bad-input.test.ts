import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, baseEnv, runCli, type CliResult } from '../support/run-cli.js';

// Every bad input a hostile or careless user can give: exit 2 with one located `eventctl:` line,
// never exit 5, never a stack trace, never a hang (runCli kills after its timeout: code null).

const FIXTURE = join(REPO_ROOT, 'fixtures/platform');
const SCHEMA = 'schemas/order-cancelled.json';

function expectInputError(result: CliResult, pattern: RegExp): void {
  expect(result.code, `${result.stderr}\n(code ${result.code}, signal ${result.signal})`).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |hit a bug|internal error/);
}

let scratch: string;
let counter = 0;

/** A copy of the example platform as its own repository (a `.git` directory marks the root). */
function platformCopy(edit?: (dir: string) => void): string {
  const dir = join(scratch, `repo-${(counter += 1)}`);
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, '.git'));
  edit?.(dir);
  return dir;
}

function editText(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  writeFileSync(file, next);
}

const validate = (dir: string, extra: string[] = []) => runCli(['validate', ...extra], { cwd: dir, timeoutMs: 30_000 });

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'eventctl-bad-input-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent('validate refuses what other commands refuse', () => {
  it('a topic schema nested 10,000 levels deep: exit 2, not a stack overflow', async () => {
    const dir = platformCopy((d) => {
      let schema = '{"type":"string"}';
      for (let i = 0; i < 10_000; i += 1) schema = `{"type":"object","properties":{"a":${schema}}}`;
      writeFileSync(join(d, SCHEMA), schema);
    });
    expectInputError(await validate(dir), /^eventctl: schemas\/order-cancelled\.json:1:1: .*nests more than 512 levels/m);
  });

  for (const [label, ref] of [
    ['an http URL', 'http://schemas.example.com/id.json'],
    ['a file URL', 'file:///etc/passwd'],
    ['a path outside the repository', '../../outside.json'],
  ] as const) {
    it(`a $ref to ${label}: exit 2 at the $ref's line`, async () => {
      const dir = platformCopy((d) => editText(join(d, SCHEMA), '"format": "uuid"', `"$ref": "${ref}"`));
      expectInputError(await validate(dir), /^eventctl: schemas\/order-cancelled\.json:\d+:\d+: .*\$ref .*(URL|outside the repository)/m);
    });
  }

  it('two consumers with one name: exit 2 at the second', async () => {
    const dir = platformCopy((d) =>
      editText(join(d, 'eventctl.yaml'), '  - name: billing-charge\n', '  - name: billing-charge\n    class: projection\n    owner: team-x\n    subscribes: [order.placed]\n  - name: billing-charge\n'),
    );
    expectInputError(await validate(dir), /^eventctl: eventctl\.yaml:\d+:\d+: consumer name 'billing-charge' is declared twice/m);
  });

  it('a key twice in one object of a schema: exit 2 at the second key', async () => {
    const dir = platformCopy((d) => editText(join(d, SCHEMA), '"format": "uuid"', '"format": "uuid", "type": "integer"'));
    expectInputError(await validate(dir), /^eventctl: schemas\/order-cancelled\.json:\d+:\d+: .*key 'type' twice/m);
  });

  for (const [label, pattern] of [
    ['not a regular expression', '['],
    ['a lookahead RE2 cannot run', '^(?!x)'],
    ['a backreference', '(a)\\\\1'],
  ] as const) {
    it(`a pattern that is ${label}: exit 2 naming file and pointer`, async () => {
      const dir = platformCopy((d) => editText(join(d, SCHEMA), '"format": "uuid"', `"pattern": "${pattern}"`));
      expectInputError(await validate(dir), /^eventctl: schemas\/order-cancelled\.json:\d+:\d+: .*the pattern .* at \/properties\/orderId\/pattern cannot be used/m);
    });
  }

  it('invalid UTF-8 in a schema: exit 2, not silently replaced', async () => {
    const dir = platformCopy((d) => {
      const file = join(d, SCHEMA);
      const text = readFileSync(file, 'utf8').replace('"OrderCancelled"', '"Order\u0001Cancelled"');
      writeFileSync(file, Buffer.from(text, 'utf8').map((b) => (b === 1 ? 0xff : b)));
    });
    expectInputError(await validate(dir), /^eventctl: schemas\/order-cancelled\.json:\d+:\d+: .*is not valid UTF-8/m);
  });
});

describe.concurrent('a directory where a file is expected', () => {
  it('schema diff <dir> x.json', async () => {
    expectInputError(await runCli(['schema', 'diff', 'fixtures/platform/schemas', 'fixtures/platform/schemas/order-placed.json']), /^eventctl: schema fixtures\/platform\/schemas is a directory/m);
  });

  it('a topic schema: naming a directory', async () => {
    const dir = platformCopy((d) => editText(join(d, 'eventctl.yaml'), `schema: ${SCHEMA}`, 'schema: schemas'));
    expectInputError(await validate(dir), /^eventctl: eventctl\.yaml:\d+:\d+: schema of topic 'order\.cancelled' schemas is a directory/m);
  });

  it('replay.approvalPolicy naming a directory, for validate and lint alike', async () => {
    const dir = platformCopy((d) => editText(join(d, 'eventctl.yaml'), 'approvalPolicy: policies/replay-approval.yaml', 'approvalPolicy: policies'));
    expectInputError(await validate(dir), /^eventctl: eventctl\.yaml:\d+:\d+: approval policy 'policies' is not a regular file/m);
    expectInputError(await runCli(['lint'], { cwd: dir }), /approval policy 'policies' is not a regular file/);
  });
});

describe.concurrent('unbounded reads and hangs', () => {
  it('validate -m /dev/zero and schema diff /dev/zero: refused at once, not read to exhaustion', async () => {
    expectInputError(await runCli(['validate', '-m', '/dev/zero'], { timeoutMs: 30_000 }), /manifest \/dev\/zero is a device, not a regular file/);
    expectInputError(await runCli(['schema', 'diff', '/dev/zero', 'fixtures/platform/schemas/order-placed.json'], { timeoutMs: 30_000 }), /schema \/dev\/zero is a device/);
  });

  it('a FIFO as manifest, as topic schema and as schema diff argument: refused, not blocked on', async () => {
    const dir = platformCopy((d) => {
      rmSync(join(d, SCHEMA));
      mkfifo(join(d, SCHEMA));
      mkfifo(join(d, 'fifo.yaml'));
    });
    expectInputError(await runCli(['validate', '-m', 'fifo.yaml'], { cwd: dir, timeoutMs: 30_000 }), /manifest fifo\.yaml is a FIFO/);
    expectInputError(await validate(dir), /schema of topic 'order\.cancelled' schemas\/order-cancelled\.json is a FIFO/);
    expectInputError(await runCli(['schema', 'diff', SCHEMA, 'schemas/order-placed.json'], { cwd: dir, timeoutMs: 30_000 }), /schema schemas\/order-cancelled\.json is a FIFO/);
  });
});

function mkfifo(path: string): void {
  if (spawnSync('mkfifo', [path]).status !== 0) throw new Error(`test setup: mkfifo ${path} failed`);
}

describe.concurrent('-o to a path that cannot be written: exit 2, not a bug report, and it returns', () => {
  const manifest = ['-m', 'fixtures/platform/eventctl.yaml'];
  it('a file where a directory should be (EEXIST from mkdir, ENOTDIR deeper)', async () => {
    expectInputError(await runCli(['validate', ...manifest, '-o', 'package.json/report.txt']), /^eventctl: output file package\.json\/report\.txt: a part of the path is a file/m);
    expectInputError(await runCli(['validate', ...manifest, '-o', 'package.json/a/report.txt']), /^eventctl: output file package\.json\/a\/report\.txt: a part of the path is a file/m);
  });

  it('a directory that refuses writes (EACCES), and /proc/nope/x (which used to loop forever)', async () => {
    expectInputError(await runCli(['validate', ...manifest, '-o', '/sys/eventctl-report.txt'], { timeoutMs: 30_000 }), /^eventctl: output file \/sys\/eventctl-report\.txt cannot be written/m);
    expectInputError(await runCli(['validate', ...manifest, '-o', '/proc/nope/x'], { timeoutMs: 30_000 }), /^eventctl: output file \/proc\/nope\/x: its directory does not exist and cannot be created/m);
  });
});

describe.concurrent('ReDoS: schema patterns run in linear time', () => {
  it('schema diff with ^(a+)+$ against a 33-character property name finishes', async () => {
    // The removed property's name falls to the pattern (which backtracks exponentially on a
    // near-match in a backtracking engine) or else to the open model.
    const name = `${'a'.repeat(33)}!`;
    const dir = platformCopy((d) => {
      writeFileSync(join(d, 'old.json'), JSON.stringify({ type: 'object', properties: { [name]: { type: 'string' } }, patternProperties: { '^(a+)+$': { type: 'integer' } } }));
      writeFileSync(join(d, 'new.json'), JSON.stringify({ type: 'object', properties: {}, patternProperties: { '^(a+)+$': { type: 'integer' } } }));
    });
    const result = await runCli(['schema', 'diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { compatible: boolean; changes: Array<{ rule: string }> };
    expect(report.compatible).toBe(true);
    expect(report.changes.map((c) => c.rule)).toEqual(['property-removed']);
  });
});

describe.concurrent('a closed stdout (| head) ends the command quietly', () => {
  /** Runs the CLI with the read end of its stdout closed before it writes anything. */
  function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }

  for (const args of [['--help'], ['schema', 'rules'], ['review', '-m', 'fixtures/platform/eventctl.yaml', '--format', 'sarif']]) {
    it(`eventctl ${args.join(' ')} | head`, async () => {
      const result = await withClosedStdout(args);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }
});

describe.concurrent('secrets', () => {
  it('a password in --endpoint-url never reaches a message', async () => {
    const bad = await runCli(['lag', '-m', 'fixtures/platform/eventctl.yaml', '--endpoint-url', 'ftp://alice:s3cret-pw@127.0.0.1:9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ftp://alice:***@127.0.0.1:9');
    const unreachable = await runCli(['lag', '-m', 'fixtures/platform/eventctl.yaml', '--endpoint-url', 'http://alice:s3cret-pw@127.0.0.1:9'], {
      env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' },
    });
    expect(unreachable.code, unreachable.stderr).toBe(4);
    expect(unreachable.stderr).toContain('alice:***@127.0.0.1:9');
    for (const result of [bad, unreachable]) expect(`${result.stdout}${result.stderr}`).not.toContain('s3cret-pw');
  });
});
