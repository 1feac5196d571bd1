import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { policyFile } from '../paths.js';
import { loadPrecompiled } from './precompiled.js';

let cached: ValidateFunction | undefined;

/** The manifest's JSON Schema (shipped in policies/ for editors), compiled once per process. */
export function compileManifestValidator(): ValidateFunction {
  if (cached) return cached;
  cached = loadPrecompiled('manifest-validator');
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv') as typeof import('ajv').default;
  const schema = JSON.parse(readFileSync(policyFile('manifest.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  cached = ajv.compile(schema);
  return cached;
}
