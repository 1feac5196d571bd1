import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/**
 * A validator precompiled at build time by scripts/build-validators.mjs (dist/src/generated/),
 * or undefined when running from sources, where callers compile at runtime instead.
 */
export function loadPrecompiled(name: string): ValidateFunction | undefined {
  const path = fileURLToPath(new URL(`../generated/${name}.cjs`, import.meta.url));
  if (!existsSync(path)) return undefined;
  const mod = require(path) as { default?: ValidateFunction } & ValidateFunction;
  return mod.default ?? mod;
}
