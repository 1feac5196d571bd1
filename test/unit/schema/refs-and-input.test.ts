import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { loadBundle } from '../../../src/schema/bundle.js';
import { loadSchemaFile } from '../../../src/schema/files.js';
import { diffSchemas } from '../../../src/schema/modes.js';
import { diff, find } from './helpers.js';
import { repoWithFiles } from '../../support/file-tree.js';

const repo = (files: Record<string, unknown>) => repoWithFiles(files, 'eventctl-schema-');

describe('$ref resolution', () => {
  it('resolves local #/ pointers and diffs the use site (Confluent case 76)', async () => {
    const result = await diff(
      { type: 'array', items: { $ref: '#/definitions/x' }, definitions: { x: { type: 'string' } } },
      { type: 'array', items: { $ref: '#/definitions/x' }, definitions: { x: { type: 'number' } } },
    );
    expect(find(result, 'type-changed')?.path).toBe('/items/type');
  });

  it('treats moving a schema behind a $ref as no change', async () => {
    const result = await diff({ type: 'string' }, { $ref: '#/$defs/s', $defs: { s: { type: 'string' } } });
    expect(result.changes).toEqual([]);
  });

  it('follows refs to other files inside the repository, relative to the referring file', async () => {
    const root = repo({
      'schemas/old.json': { type: 'object', properties: { a: { $ref: 'common/address.json#/$defs/zip' } } },
      'schemas/new.json': { type: 'object', properties: { a: { $ref: './common/address2.json' } } },
      'schemas/common/address.json': { $defs: { zip: { type: 'string', maxLength: 10 } } },
      'schemas/common/address2.json': { type: 'string', maxLength: 5 },
    });
    const oldSchema = await loadSchemaFile(join(root, 'schemas/old.json'), root);
    const newSchema = await loadSchemaFile(join(root, 'schemas/new.json'), root);
    const result = diffSchemas(oldSchema, newSchema, { mode: 'BACKWARD', policy: 'strict' });
    expect(find(result, 'max-length-decreased')).toMatchObject({ path: '/properties/a/maxLength', backward: true });
    expect(result.compatible).toBe(false);
  });

  it('refuses a $ref to a URL with the file and line of the $ref', async () => {
    const root = repo({ 's.json': '{\n  "properties": {\n    "a": { "$ref": "https://example.com/x.json" }\n  }\n}\n' });
    const error = await loadSchemaFile(join(root, 's.json'), root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/URL.*never fetches/);
    expect((error as InputError).location).toMatchObject({ file: 's.json', line: 3 });
  });

  it('refuses a $ref that leaves the repository root', async () => {
    const root = repo({ 'a/s.json': { $ref: '../../outside.json' } });
    await expect(loadSchemaFile(join(root, 'a/s.json'), root)).rejects.toThrow(/outside the repository/);
  });

  it('reports a $ref to a missing file or pointer as input errors', async () => {
    const root = repo({ 's.json': { $ref: 'nope.json' }, 't.json': { $ref: '#/definitions/missing' } });
    await expect(loadSchemaFile(join(root, 's.json'), root)).rejects.toThrow(/does not exist/);
    await expect(loadSchemaFile(join(root, 't.json'), root)).rejects.toThrow(/does not resolve/);
  });

  it('a $ref with malformed %-escapes is an input error, not a crash (found by the fuzz soak, seed 2053596682)', async () => {
    const root = repo({ 's.json': { $ref: '#%E0%A4%A' }, 't.json': { $ref: 'x%zz.json' } });
    await expect(loadSchemaFile(join(root, 's.json'), root)).rejects.toBeInstanceOf(InputError);
    await expect(loadSchemaFile(join(root, 't.json'), root)).rejects.toBeInstanceOf(InputError);
  });

  it('diffs recursive (cyclic) schemas instead of refusing them', async () => {
    const node = (valueType: string) => ({
      $ref: '#/definitions/node',
      definitions: { node: { type: 'object', properties: { value: { type: valueType }, next: { $ref: '#/definitions/node' }, children: { type: 'array', items: { $ref: '#' } } } } },
    });
    const same = await diff(node('string'), node('string'));
    expect(same.changes).toEqual([]);
    const changed = await diff(node('integer'), node('number'));
    const paths = changed.changes.filter((c) => c.rule === 'type-widened').map((c) => c.path);
    // Every use site of the recursive definition is reported, down to where the cycle closes.
    expect(paths).toEqual(['/properties/children/items/properties/value/type', '/properties/next/properties/value/type', '/properties/value/type']);
    expect(changed.changes.every((c) => !c.backward && c.forward)).toBe(true);
  });

  it('handles a pair of mutually recursive files', async () => {
    const files = { 'a.json': { type: 'object', properties: { b: { $ref: 'b.json' } } }, 'b.json': { type: 'object', properties: { a: { $ref: 'a.json' } } } };
    const bundle = await loadBundle('a.json', (p) => JSON.stringify(files[p as keyof typeof files]));
    const result = diffSchemas(bundle, bundle, { mode: 'FULL', policy: 'strict' });
    expect(result.compatible).toBe(true);
  });
});

describe('bad input is an input error (exit 2), never a crash', () => {
  it('invalid JSON names the file, line and column', async () => {
    const root = repo({ 's.json': '{\n  "type": "string",,\n}' });
    const error = (await loadSchemaFile(join(root, 's.json'), root).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.location?.line).toBe(2);
  });

  it('a schema failing its meta-schema is refused with the location of the bad keyword', async () => {
    const root = repo({ 's.json': '{\n  "type": "object",\n  "properties": { "a": { "type": "strin" } }\n}' });
    const error = (await loadSchemaFile(join(root, 's.json'), root).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/not a valid JSON Schema/);
    expect(error.location?.line).toBe(3);
  });

  it('10,000-deep nesting is refused before anything recurses', async () => {
    const text = `${'{"items":'.repeat(10_000)}{"type":"string"}${'}'.repeat(10_000)}`;
    const root = repo({ 'deep.json': text });
    await expect(loadSchemaFile(join(root, 'deep.json'), root)).rejects.toThrow(/nests more than 512 levels/);
  });

  it('a schema file that does not exist', async () => {
    await expect(loadSchemaFile('/nonexistent/x.json', '/')).rejects.toBeInstanceOf(InputError);
  });
});

describe('drafts', () => {
  it('2020-12 prefixItems/items and 2019-09 dependentSchemas are read per draft', async () => {
    const s2020 = 'https://json-schema.org/draft/2020-12/schema';
    const r = await diff({ $schema: s2020, prefixItems: [{ type: 'string' }], items: { type: 'integer' } }, { $schema: s2020, prefixItems: [{ type: 'string' }], items: { type: 'number' } });
    expect(find(r, 'type-widened')?.path).toBe('/items/type');
    // In draft-07 `items` as an array is the tuple.
    const r07 = await diff({ type: 'array', items: [{ type: 'integer' }] }, { type: 'array', items: [{ type: 'number' }] });
    expect(find(r07, 'type-widened')?.path).toBe('/items/0/type');
  });

  it('2019-09 $ref with sibling keywords applies both', async () => {
    const s = 'https://json-schema.org/draft/2019-09/schema';
    const r = await diff(
      { $schema: s, $defs: { s: { type: 'string' } }, properties: { a: { $ref: '#/$defs/s' } } },
      { $schema: s, $defs: { s: { type: 'string' } }, properties: { a: { $ref: '#/$defs/s', maxLength: 3 } } },
    );
    expect(find(r, 'max-length-added')?.backward).toBe(true);
  });
});

describe('modes', () => {
  const oldS = { type: 'object', properties: { a: { type: 'integer' } } };
  const newS = { type: 'object', properties: { a: { type: 'number' } } };
  it('BACKWARD ignores forward-only breaks, FORWARD and FULL do not, NONE only reports', async () => {
    expect((await diff(oldS, newS, { mode: 'BACKWARD' })).compatible).toBe(true);
    expect((await diff(oldS, newS, { mode: 'FORWARD' })).compatible).toBe(false);
    expect((await diff(oldS, newS, { mode: 'FULL_TRANSITIVE' })).compatible).toBe(false);
    const none = await diff(newS, oldS, { mode: 'NONE' });
    expect(none.compatible).toBe(true);
    expect(none.changes[0]).toMatchObject({ rule: 'type-narrowed', backward: true, severity: 'info' });
  });
});
