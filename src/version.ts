import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from './paths.js';
import { join } from 'node:path';

let cached: string | undefined;

/** eventctl's version from package.json (read once). */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
