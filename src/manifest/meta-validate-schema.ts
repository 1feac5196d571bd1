import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { loadPrecompiled } from './precompiled.js';

export type Draft = 'draft-07' | '2019-09' | '2020-12';

const DRAFT_BY_URI: Record<string, Draft> = {
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft/2019-09/schema': '2019-09',
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
};

/** The draft a schema declares with `$schema`; draft-07 when it declares none (as Confluent does). */
export function draftOf(schema: unknown): Draft | { unsupported: string } {
  if (!schema || typeof schema !== 'object') return 'draft-07';
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared === undefined) return 'draft-07';
  const uri = String(declared).replace(/#$/, '');
  return DRAFT_BY_URI[uri] ?? { unsupported: String(declared) };
}

const instances = new Map<Draft, Ajv>();

function ajvFor(draft: Draft): Ajv {
  let ajv = instances.get(draft);
  if (ajv) return ajv;
  const require = createRequire(import.meta.url);
  const options = { strict: false, validateFormats: false, allErrors: true };
  if (draft === '2020-12') {
    const Ajv2020 = require('ajv/dist/2020') as { default: new (o: object) => Ajv };
    ajv = new Ajv2020.default(options);
  } else if (draft === '2019-09') {
    const Ajv2019 = require('ajv/dist/2019') as { default: new (o: object) => Ajv };
    ajv = new Ajv2019.default(options);
  } else {
    const AjvDraft7 = require('ajv') as { default: new (o: object) => Ajv };
    ajv = new AjvDraft7.default(options);
  }
  instances.set(draft, ajv);
  return ajv;
}

export interface MetaValidationResult {
  draft: Draft | undefined;
  errors: Array<{ pointer: string; message: string }>;
}

/** Validates a schema document against the meta-schema of the draft it declares. */
export function metaValidateSchema(schema: unknown): MetaValidationResult {
  const draft = draftOf(schema);
  if (typeof draft === 'object') {
    return {
      draft: undefined,
      errors: [{ pointer: '/$schema', message: `unsupported $schema '${draft.unsupported}'; use draft-07, 2019-09 or 2020-12` }],
    };
  }
  if (typeof schema === 'boolean') return { draft, errors: [] };
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    return { draft, errors: [{ pointer: '', message: 'a JSON Schema must be an object or a boolean' }] };
  }
  const precompiled = loadPrecompiled(`meta-${draft}`);
  if (precompiled) {
    if (precompiled(schema)) return { draft, errors: [] };
    return { draft, errors: (precompiled.errors ?? []).filter(specific).map(describe) };
  }
  const ajv = ajvFor(draft);
  const ok = ajv.validateSchema(schema) as boolean;
  if (ok) return { draft, errors: [] };
  return { draft, errors: (ajv.errors ?? []).filter(specific).map(describe) };
}

function specific(error: ErrorObject): boolean {
  return error.keyword !== 'anyOf' && error.keyword !== 'oneOf' && error.keyword !== '$dynamicRef';
}

function describe(error: ErrorObject): { pointer: string; message: string } {
  const extra =
    error.keyword === 'enum'
      ? `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
      : '';
  return { pointer: error.instancePath, message: `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${extra}` };
}
