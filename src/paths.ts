import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root, the same from src/ (tests) and dist/src/ (built). */
export const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));

/** A file shipped in `policies/` (manifest JSON Schema, presets, example policy). */
export function policyFile(name: string): string {
  return join(PACKAGE_ROOT, 'policies', name);
}
