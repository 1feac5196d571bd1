import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const MANIFEST_NAME = 'eventctl.yaml';

/**
 * Which manifest a command reads when `-m` is not given: `EVENTCTL_MANIFEST`, else the nearest
 * `eventctl.yaml` from the working directory up to the git top level (a directory holding `.git`)
 * or the filesystem root, else `eventctl.yaml` (whose absence the loader explains).
 * Returned relative to `cwd` when found above it, so messages name `../eventctl.yaml`.
 */
export function findManifest(cwd: string, env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string {
  const fromEnv = env.EVENTCTL_MANIFEST;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, MANIFEST_NAME);
    if (exists(candidate)) return relative(cwd, candidate) || MANIFEST_NAME;
    if (exists(join(dir, '.git')) || dirname(dir) === dir) return MANIFEST_NAME;
  }
}
