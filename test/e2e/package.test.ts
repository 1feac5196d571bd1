import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

interface PackFile {
  path: string;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm without the update check, the audit and the funding notice: quiet, no network it can avoid. */
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

/** What `npm pack` would publish (without running prepare again: `npm test` built already). */
function packedFiles(): string[] {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', env: NPM_ENV });
  const [pack] = JSON.parse(out) as Array<{ files: PackFile[] }>;
  return pack!.files.map((f) => f.path);
}

describe('the npm package', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
    bin: Record<string, string>;
    engines: { node: string };
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    repository?: { type: string; url: string };
    homepage?: string;
    bugs?: { url: string };
  };

  it('declares a bin, an engines range, and a prepare build so a clone builds itself', () => {
    expect(pkg.bin.eventctl).toBe('bin/eventctl.js');
    expect(pkg.engines.node).toMatch(/>=\s*20/);
    expect(pkg.scripts.prepare).toContain('build');
  });

  it('pins every @aws-sdk package exactly', () => {
    const aws = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@aws-sdk/'));
    expect(aws.length).toBeGreaterThanOrEqual(3);
    for (const [name, range] of aws) expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('says where it lives, how to report a bug, and its licence (with the full text)', () => {
    expect(pkg.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/) });
    const web = pkg.repository!.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(pkg.homepage).toBe(`${web}#readme`);
    expect(pkg.bugs?.url).toBe(`${web}/issues`);
    // The crash message of src/main.ts sends users to the same place.
    expect(readFileSync(join(REPO_ROOT, 'src/main.ts'), 'utf8')).toContain(`'${web}/issues'`);
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
    expect(readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`## \\[Unreleased\\][\\s\\S]*## \\[${pkg.version.replace(/\./g, '\\.')}\\]`));
  });

  it('keeps test-only packages out of the dependencies users install', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('json-schema-diff');
    expect(Object.keys(pkg.devDependencies)).toContain('json-schema-diff');
    // Nothing that ships may import a dev dependency.
    const shipped = execFileSync('git', ['ls-files', 'src', 'commands', 'bin', 'scripts'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const importers = shipped.filter((f) => Object.keys(pkg.devDependencies).some((dev) => new RegExp(`['"]${dev}(/[^'"]*)?['"]`).test(readFileSync(join(REPO_ROOT, f), 'utf8'))));
    expect(importers).toEqual([]);
  });

  it('ships the built CLI, the precompiled validators, the policies and the licence, and no tests or fixtures', () => {
    const files = packedFiles();
    expect(files).toContain('bin/eventctl.js');
    expect(files).toContain('dist/src/main.js');
    expect(files).toContain('dist/commands/index.js');
    expect(files).toContain('dist/src/generated/manifest-validator.cjs');
    expect(files).toContain('policies/manifest.schema.json');
    expect(files).toContain('LICENSE');
    expect(files).toContain('CHANGELOG.md');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('fixtures/') || f.startsWith('src/'))).toEqual([]);
    expect(files.filter((f) => f.includes('diff-schema-examples') || f.includes('diff-combined-schema-examples'))).toEqual([]);
  });

  it('the README CI snippet installs an exact version; nothing in the README runs an unpinned npx eventctl', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const ci = /### In CI[^\n]*\n+```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(ci).toMatch(/npm install --global eventctl@\d+\.\d+\.\d+\s/);
    const runs = [...readme.matchAll(/```(?:sh|yaml)\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
    expect(runs).not.toMatch(/npx eventctl/);
  });

  it('the packed tarball, installed in an empty directory, runs validate, lint and review on a copy of the example platform', async () => {
    const work = tempDir('eventctl-pack-');
    const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8', env: NPM_ENV });
    const [{ filename }] = JSON.parse(out) as [{ filename: string }];
    const project = join(work, 'project');
    cpSync(join(REPO_ROOT, 'fixtures/platform'), join(project, 'platform'), { recursive: true });
    // Dependencies from npm's cache when it has them; the tarball's own lock-free install as a user gets it.
    execFileSync(npm, ['install', '--prefer-offline', '--no-package-lock', '--omit=dev', join(work, filename)], { cwd: project, encoding: 'utf8', env: NPM_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const bin = join(project, 'node_modules', '.bin', 'eventctl');
    expect(existsSync(bin)).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'json-schema-diff'))).toBe(false);
    const run = (args: string[]) => runCli(args, { cwd: join(project, 'platform'), bin });
    const validate = await run(['validate']);
    expect(validate.code, validate.stderr).toBe(0);
    const lint = await run(['lint', '--format', 'json']);
    expect(lint.code, lint.stderr).toBe(0);
    expect(JSON.parse(lint.stdout)).toMatchObject({ schemaVersion: 1 });
    const review = await run(['review']);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain('readiness: SILVER');
  }, 240_000);
});
