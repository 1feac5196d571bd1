import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/run-cli.js';

/** What ships or what a reader of the repository sees: code, scripts, docs, policies, metadata. */
const PRODUCT = /^(src|commands|bin|scripts|bench|docs|policies)\/|^(README\.md|CHANGELOG\.md|package\.json)$/;
/** Pointers to things outside the repository: the team's shared folder, machine paths, the old design file. */
const OUTSIDE = /\.\.\/shared\b|\/work\/|\/root\/|\/home\/[a-z]|\bDESIGN\.md\b/;

function productFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n');
  return tracked.filter((f) => PRODUCT.test(f) && /\.(ts|mjs|js|json|md|ya?ml)$/.test(f));
}

describe('the repository stands alone', () => {
  const files = productFiles();

  it('finds the files it checks', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/architecture.md');
    expect(files.some((f) => f.startsWith('src/'))).toBe(true);
  });

  it('no file of the product points at a machine path or a folder outside the repository', () => {
    const hits = files.flatMap((f) =>
      readFileSync(join(REPO_ROOT, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(({ line }) => OUTSIDE.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('no relative link in the README or docs leaves the repository', () => {
    const escaping = files
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) =>
        [...readFileSync(join(REPO_ROOT, f), 'utf8').matchAll(/\]\(([^)\s#]+)[^)]*\)/g)]
          .map((m) => m[1]!)
          .filter((target) => !/^[a-z]+:/i.test(target))
          .filter((target) => relative(REPO_ROOT, resolve(REPO_ROOT, dirname(f), target)).startsWith('..'))
          .map((target) => `${f}: ${target}`),
      );
    expect(escaping).toEqual([]);
  });

  it('CONTRIBUTING sends readers to docs/architecture.md', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/CONTRIBUTING.md'), 'utf8')).toContain('architecture.md');
  });
});
