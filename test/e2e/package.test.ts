import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-cli.js';

interface PackFile {
  path: string;
}

/** What `npm pack` would publish (without running prepare again: `npm test` built already). */
function packedFiles(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as Array<{ files: PackFile[] }>;
  return pack!.files.map((f) => f.path);
}

describe('the npm package', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    bin: Record<string, string>;
    engines: { node: string };
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };

  it('declares a bin, an engines range, and a prepare build so npx works from a clone', () => {
    expect(pkg.bin.eventctl).toBe('bin/eventctl.js');
    expect(pkg.engines.node).toMatch(/>=\s*20/);
    expect(pkg.scripts.prepare).toContain('build');
  });

  it('pins every @aws-sdk package exactly', () => {
    const aws = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@aws-sdk/'));
    expect(aws.length).toBeGreaterThanOrEqual(3);
    for (const [name, range] of aws) expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ships the built CLI, the precompiled validators and the policies, and no tests or fixtures', () => {
    const files = packedFiles();
    expect(files).toContain('bin/eventctl.js');
    expect(files).toContain('dist/src/main.js');
    expect(files).toContain('dist/commands/index.js');
    expect(files).toContain('dist/src/generated/manifest-validator.cjs');
    expect(files).toContain('policies/manifest.schema.json');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('fixtures/') || f.startsWith('src/'))).toEqual([]);
    expect(files.filter((f) => f.includes('diff-schema-examples') || f.includes('diff-combined-schema-examples'))).toEqual([]);
  });
});
