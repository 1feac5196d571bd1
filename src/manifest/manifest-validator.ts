import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { policyFile } from '../paths.js';
import { loadPrecompiled } from './precompiled.js';

let cached: ValidateFunction | undefined;
let cachedTeam: ValidateFunction | undefined;

/** The `$ref` a team file (`include:`) validates against, inside the shipped manifest schema. */
export const TEAM_FILE_REF = 'https://eventctl.dev/schemas/manifest-v1.json#/definitions/teamFile';

function runtimeAjv() {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv') as typeof import('ajv').default;
  const schema = JSON.parse(readFileSync(policyFile('manifest.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addSchema(schema);
  return { ajv, schema };
}

/** The manifest's JSON Schema (shipped in policies/ for editors), compiled once per process. */
export function compileManifestValidator(): ValidateFunction {
  if (cached) return cached;
  cached = loadPrecompiled('manifest-validator');
  if (cached) return cached;
  const { ajv, schema } = runtimeAjv();
  cached = ajv.getSchema((schema as { $id: string }).$id)!;
  return cached;
}

/** The same schema's `teamFile` definition, for files merged by `include:`. */
export function compileTeamManifestValidator(): ValidateFunction {
  if (cachedTeam) return cachedTeam;
  cachedTeam = loadPrecompiled('team-manifest-validator');
  if (cachedTeam) return cachedTeam;
  cachedTeam = runtimeAjv().ajv.getSchema(TEAM_FILE_REF)!;
  return cachedTeam;
}
