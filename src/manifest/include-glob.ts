import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Expands one `include:` pattern (relative, `/`-separated; `*` and `?` match within one path
 * segment, no `**`) against the files under `baseDir`. Never follows symbolic links and never
 * leaves `baseDir`: Node 20 has no fs.glob, and a general glob library would also follow links
 * out of the repository. Results are sorted so merge order (and error order) is stable.
 */
export function expandInclude(pattern: string, baseDir: string): string[] {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  let current = [baseDir];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const next: string[] = [];
    for (const dir of current) {
      if (!hasWildcard(segment)) {
        const path = join(dir, segment);
        if (kindOf(path) === (last ? 'file' : 'dir')) next.push(path);
        continue;
      }
      const matcher = segmentMatcher(segment);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        // A wildcard never picks hidden entries (.git, editor swap files), as shells do.
        if (name.startsWith('.') || !matcher(name)) continue;
        const path = join(dir, name);
        if (kindOf(path) === (last ? 'file' : 'dir')) next.push(path);
      }
    }
    current = next;
  });
  return current.filter((p) => p !== baseDir).sort((a, b) => relative(baseDir, a).split(sep).join('/').localeCompare(relative(baseDir, b).split(sep).join('/')));
}

/**
 * The same pattern over a list of `/`-separated paths relative to the manifest's directory (a
 * git tree, where there is no directory to read): the same segment rules, hidden names never
 * matched by a wildcard, sorted.
 */
export function matchInclude(pattern: string, paths: readonly string[]): string[] {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const matchers = segments.map((segment) => (hasWildcard(segment) ? segmentMatcher(segment) : (name: string) => name === segment));
  return paths
    .filter((path) => {
      const names = path.split('/');
      return names.length === segments.length && names.every((name, i) => matchers[i]!(name) && !(hasWildcard(segments[i]!) && name.startsWith('.')));
    })
    .sort((a, b) => a.localeCompare(b));
}

/** What is wrong with a pattern, or undefined when it is acceptable. */
export function includePatternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) return 'is absolute; write it relative to the manifest';
  if (pattern.includes('\\')) return 'uses backslashes; separate directories with /';
  const segments = pattern.split('/');
  if (segments.includes('..')) return "leaves the manifest's directory (..)";
  if (segments.includes('**')) return 'uses **; list each directory level with * instead';
  if (/[[\]{}!]/.test(pattern)) return 'uses [ ], { } or !; only * and ? are supported';
  return undefined;
}

function hasWildcard(segment: string): boolean {
  return segment.includes('*') || segment.includes('?');
}

function segmentMatcher(segment: string): (name: string) => boolean {
  const source = segment
    .split('')
    .map((ch) => (ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}

/** 'file', 'dir' or undefined; a symbolic link is neither (lstat, never followed). */
function kindOf(path: string): 'file' | 'dir' | undefined {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
}
