import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandPaths, run } from '../../src/main.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EXAMPLE = 'fixtures/platform/eventctl.yaml';
/** Lines wider than `width` (colour codes take no columns). */
// eslint-disable-next-line no-control-regex
const linesOver = (text: string, width: number) => text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((line) => [...line].length > width);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('eventctl CLI basics', () => {
  it('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists the commands and the exit codes, within 80 columns at COLUMNS=80', async () => {
    const result = await runCli(['--help'], { env: { COLUMNS: '80' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('validate');
    expect(result.stdout).toContain('Exit codes: 0 ok');
    expect(result.stdout).toMatch(/130 aborted/);
    expect(result.stderr).toBe('');
    expect(linesOver(result.stdout, 80)).toEqual([]);
  });

  it('every help page (root, groups, nested commands) fits 80 columns at COLUMNS=80', async () => {
    // Walked from the commander program, so a new command is checked without editing this test;
    // in process through the CLI's own entry point (one spawn per page would cost a second each).
    const paths = await commandPaths();
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['', 'replay', 'replay plan', 'dlq redrive', 'schema check', 'schema waiver approve']));
    const over: string[] = [];
    for (const path of paths) {
      let out = '';
      let err = '';
      const io = { writeStdout: (t: string) => void (out += t), writeStderr: (t: string) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false };
      const code = await run({ argv: [...path, '--help'], io, env: { COLUMNS: '80' } });
      expect({ path, code, err }).toEqual({ path, code: 0, err: '' });
      expect(out, path.join(' ')).toMatch(/^Usage: eventctl/);
      over.push(...linesOver(out, 80).map((line) => `eventctl ${path.join(' ')} --help: ${line.length}: ${line}`));
    }
    expect(over).toEqual([]);
  });

  it('schema rules, one schema rule and a schema diff fit 80 columns at COLUMNS=80, footers included', async () => {
    const pages: Array<[string[], string]> = [
      [['schema', 'rules'], 'rules; `eventctl schema rules <id>` explains why one breaks and how to evolve safely instead'],
      [['schema', 'rules', 'pattern-changed'], 'Evolve safely instead Keep the old pattern and add alternatives'],
      [['schema', 'diff', 'fixtures/platform/schemas/order-placed.json', 'fixtures/platform/schemas/order-cancelled.json'], 'to review; see `eventctl schema rules <rule>` for how to evolve safely'],
    ];
    for (const [argv, shows] of pages) {
      let out = '';
      const io = { writeStdout: (t: string) => void (out += t), writeStderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false };
      await run({ argv, io, env: { COLUMNS: '80' } });
      // Wrapped, every word is still there.
      expect(out.replace(/\s+/g, ' '), argv.join(' ')).toContain(shows);
      expect(linesOver(out, 80), argv.join(' ')).toEqual([]);
    }
  });

  it('error hints wrap to the terminal under their label; the error line itself stays whole', async () => {
    let err = '';
    const io = { writeStdout: () => undefined, writeStderr: (t: string) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false };
    expect(await run({ argv: ['schema', 'rules', 'no-such-schema-rule-at-all'], io, env: { COLUMNS: '40' } })).toBe(2);
    expect(err.split('\n')).toEqual([
      "eventctl: unknown schema rule 'no-such-schema-rule-at-all'",
      '  hint: run `eventctl schema rules` for',
      '        the list',
      '',
    ]);
  });

  it('suggests the closest command for a typo and exits 2', async () => {
    const result = await runCli(['valdate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('validate');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown option exits 2 without a stack trace', async () => {
    const result = await runCli(['validate', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--frobnicate');
  });

  it('an unknown --format value exits 2', async () => {
    const result = await runCli(['validate', '-m', EXAMPLE, '--format', 'yaml']);
    expect(result.code).toBe(2);
  });
});

describe('eventctl validate', () => {
  it('passes on the example platform', async () => {
    const result = await runCli(['validate', '-m', EXAMPLE]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid');
  });

  it('prints JSON with schemaVersion 1 on stdout only', async () => {
    const result = await runCli(['validate', '-m', EXAMPLE, '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { schemaVersion: number; valid: boolean; counts: { consumers: number } };
    expect(json).toMatchObject({ schemaVersion: 1, valid: true });
    expect(json.counts.consumers).toBeGreaterThanOrEqual(8);
  });

  it('writes to -o instead of stdout', async () => {
    const dir = tempDir('eventctl-out-');
    const out = join(dir, 'nested', 'validate.json');
    const result = await runCli(['validate', '-m', EXAMPLE, '--format', 'json', '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ valid: true });
  });

  it('a misspelt class exits 2 naming the file, line and valid classes, without a stack trace', async () => {
    const result = await runCli(['validate', '-m', 'fixtures/broken/misspelt-class.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const first = result.stderr.split('\n')[0]!;
    expect(first).toMatch(/^eventctl: fixtures\/broken\/misspelt-class\.yaml:71:12: /);
    expect(first).toContain('operational, projection, workflow');
    expect(result.stderr).toContain("did you mean 'operational'?");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an alias bomb and a path outside the repository with exit 2', async () => {
    const bomb = await runCli(['validate', '-m', 'fixtures/broken/alias-bomb.yaml']);
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).toMatch(/alias/i);
    const escape = await runCli(['validate', '-m', 'fixtures/broken/path-escape.yaml']);
    expect(escape.code).toBe(2);
    expect(escape.stderr).toContain('outside the repository root');
  });

  it('a missing manifest exits 2 with what to do', async () => {
    const result = await runCli(['validate', '-m', 'nope/eventctl.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no manifest at nope/eventctl.yaml');
    expect(result.stderr).toContain('hint:');
  });

  it('the built CLI uses precompiled validators and still explains unknown fields', async () => {
    const { existsSync, writeFileSync, mkdirSync } = await import('node:fs');
    expect(existsSync(new URL('../../dist/src/generated/manifest-validator.cjs', import.meta.url))).toBe(true);
    const dir = tempDir('eventctl-typo-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(
      join(dir, 'eventctl.yaml'),
      'apiVersion: eventctl/v1\nplatform: demo\nbuses: [{ name: orders }]\ntopics: []\nconsumers:\n  - name: billing\n    class: projection\n    subscribes: []\n    qeue: billing\n',
    );
    const result = await runCli(['validate', '-m', join(dir, 'eventctl.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("eventctl.yaml:9:5: consumer 'billing': unknown field 'qeue'");
    expect(result.stderr).toContain("did you mean 'queue'?");
  });

  it('--verbose adds the stack trace', async () => {
    const result = await runCli(['validate', '-m', 'fixtures/broken/path-escape.yaml', '--verbose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
