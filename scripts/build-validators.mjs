#!/usr/bin/env node
// Precompiles the JSON Schema validators eventctl needs on every `validate` (the manifest schema
// and the draft-07 / 2019-09 / 2020-12 meta-schemas) into standalone CommonJS modules (loaded synchronously) under
// dist/src/generated/. Compiling them at startup cost ~150 ms; loading precompiled code costs a
// few. The runtime falls back to compiling when the generated files are absent (tests from src/).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const Ajv = require('ajv').default;
const Ajv2019 = require('ajv/dist/2019').default;
const Ajv2020 = require('ajv/dist/2020').default;

const out = fileURLToPath(new URL('../dist/src/generated/', import.meta.url));
mkdirSync(out, { recursive: true });

function emit(name, ajv, schemaOrRef) {
  const validate = typeof schemaOrRef === 'string' ? ajv.getSchema(schemaOrRef) : ajv.compile(schemaOrRef);
  if (!validate) throw new Error(`no schema ${schemaOrRef}`);
  writeFileSync(`${out}${name}.cjs`, standaloneCode(ajv, validate));
}

const manifestSchema = JSON.parse(readFileSync(new URL('../policies/manifest.schema.json', import.meta.url), 'utf8'));
emit('manifest-validator', new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true, code: { source: true } }), manifestSchema);
// Team files (`include:`) validate against the manifest schema's teamFile definition.
const teamAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true, code: { source: true } });
teamAjv.addSchema(manifestSchema);
emit('team-manifest-validator', teamAjv, `${manifestSchema.$id}#/definitions/teamFile`);

const meta = { strict: false, validateFormats: false, allErrors: true, code: { source: true } };
emit('meta-draft-07', new Ajv(meta), 'http://json-schema.org/draft-07/schema');
emit('meta-2019-09', new Ajv2019(meta), 'https://json-schema.org/draft/2019-09/schema');
emit('meta-2020-12', new Ajv2020(meta), 'https://json-schema.org/draft/2020-12/schema');
console.error(`precompiled validators written to ${out}`);
