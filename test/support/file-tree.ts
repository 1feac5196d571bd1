import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/**
 * A fresh temp directory that looks like a repository root (an empty `.git`), holding `files`
 * (path → text, or a value written as pretty JSON). Removed when the test file ends.
 */
export function repoWithFiles(files: Record<string, unknown>, prefix = 'eventctl-repo-'): string {
  const root = tempDir(prefix);
  mkdirSync(join(root, '.git'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}
