import { posix } from 'node:path';
import { InputError } from '../errors.js';
import { detectDraft, draftOf, type Draft } from './dialect.js';
import { decodeURIComponentSafe, hasOwn, isObject, parsePointer, type JsonObject } from './json.js';
import { parseSchemaText } from './parse.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';

/**
 * A schema with every `$ref` it reaches resolved ahead of time, so comparing is a pure function.
 * Reading happens here, through a `read` callback (working tree or a git tree); references may
 * only reach files inside the repository: never a URL, never outside the root.
 */
export interface SchemaDocument {
  /** Repository-relative POSIX path. */
  path: string;
  text: string;
  value: unknown;
  draft: Draft;
}

export interface SchemaBundle {
  /** The entry document's value. */
  root: unknown;
  entry: SchemaDocument;
  documents: ReadonlyMap<string, SchemaDocument>;
  /** The effective schema at a node: follows `$ref` (merging siblings from 2019-09 on). */
  deref(node: unknown): unknown;
  /** The draft governing a node of this bundle, or undefined for a node it does not own. */
  draftOf(node: unknown): Draft | undefined;
}

/** Reads a repository-relative file; undefined when it does not exist. */
export type ReadText = (path: string) => Promise<string | undefined> | string | undefined;

const ROOT = 'file:///__repo__/';
/** Keywords whose value is one subschema, a list of them, or a map of them (walked alike everywhere). */
export const SUBSCHEMA_ONE = ['additionalProperties', 'unevaluatedProperties', 'additionalItems', 'unevaluatedItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'contentSchema'];
export const SUBSCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
export const SUBSCHEMA_MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'];

interface NodeInfo {
  doc: SchemaDocument;
  /** Root object of the schema resource the node belongs to (nearest `$id`, else the document). */
  resource: object;
  base: string;
}

export async function loadBundle(entryPath: string, read: ReadText, entryText?: string): Promise<SchemaBundle> {
  const documents = new Map<string, SchemaDocument>();
  const info = new WeakMap<object, NodeInfo>();
  const ids = new Map<string, object>();
  const anchors = new Map<object, Map<string, object>>();
  const refTargets = new WeakMap<object, unknown>();
  const holders: object[] = [];

  const load = async (path: string, from?: { file: string; pointer: string }): Promise<SchemaDocument> => {
    const existing = documents.get(path);
    if (existing) return existing;
    const text = path === entryPath && entryText !== undefined ? entryText : await read(path);
    if (text === undefined) {
      throw refError(from, `$ref points to ${path}, which does not exist`, 'create the file or fix the $ref');
    }
    const value = parseSchemaText(text, path);
    const doc: SchemaDocument = { path, text, value, draft: detectDraft(value) };
    documents.set(path, doc);
    index(doc, value, value as object, `${ROOT}${path}`);
    return doc;
  };

  const refError = (from: { file: string; pointer: string } | undefined, message: string, hint: string): InputError => {
    if (!from) return new InputError(message, { hint });
    const doc = documents.get(from.file);
    const at = doc ? locateInJson(jsonPointerPositions(doc.text), from.pointer) : { line: 1, column: 1 };
    return new InputError(`${from.file}: ${message}`, { hint, location: { file: from.file, ...at } });
  };

  // Registers every schema node of a subtree: its document, resource and base URI; collects $refs.
  const pointers = new WeakMap<object, string>();
  function index(doc: SchemaDocument, node: unknown, resource: object, base: string, pointer = ''): void {
    const stack: Array<[unknown, object, string, string]> = [[node, resource, base, pointer]];
    while (stack.length) {
      const [current, res0, base0, ptr] = stack.pop()!;
      if (!isObject(current) || info.has(current)) continue;
      let res = res0;
      let b = base0;
      const draft = draftOf(current.$schema) ?? doc.draft;
      if (typeof current.$id === 'string') {
        if (current.$id.startsWith('#') && draft === '07') {
          anchorsOf(res).set(current.$id.slice(1), current);
        } else {
          b = safeUrl(current.$id, b) ?? b;
          const key = b.split('#')[0]!;
          ids.set(key, current);
          res = current;
        }
      }
      if (typeof current.$anchor === 'string') anchorsOf(res).set(current.$anchor, current);
      info.set(current, { doc, resource: res, base: b });
      pointers.set(current, ptr);
      if (typeof current.$ref === 'string') holders.push(current);
      for (const key of SUBSCHEMA_ONE) if (hasOwn(current, key)) stack.push([current[key], res, b, `${ptr}/${key}`]);
      const items = current.items;
      if (Array.isArray(items)) items.forEach((s, i) => stack.push([s, res, b, `${ptr}/items/${i}`]));
      else if (items !== undefined) stack.push([items, res, b, `${ptr}/items`]);
      for (const key of SUBSCHEMA_LIST) {
        const list = current[key];
        if (Array.isArray(list)) list.forEach((s, i) => stack.push([s, res, b, `${ptr}/${key}/${i}`]));
      }
      for (const key of SUBSCHEMA_MAP) {
        const map = current[key];
        if (isObject(map)) for (const name of Object.keys(map)) stack.push([map[name], res, b, `${ptr}/${key}/${esc(name)}`]);
      }
    }
  }
  function anchorsOf(resource: object): Map<string, object> {
    let map = anchors.get(resource);
    if (!map) anchors.set(resource, (map = new Map()));
    return map;
  }

  const entry = await load(entryPath);
  for (let h = 0; h < holders.length; h += 1) {
    const holder = holders[h] as JsonObject;
    const where = info.get(holder)!;
    const from = { file: where.doc.path, pointer: pointers.get(holder) ?? '' };
    const ref = holder.$ref as string;
    const hash = ref.indexOf('#');
    const uriPart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    let resource: object;
    if (uriPart === '') {
      resource = where.resource;
    } else {
      const absolute = safeUrl(uriPart, where.base);
      const known = absolute ? ids.get(absolute.split('#')[0]!) : undefined;
      if (known) resource = known;
      else {
        let path: string | undefined;
        if (absolute?.startsWith(ROOT)) path = decodeURIComponentSafe(absolute.slice(ROOT.length));
        else if (/^[a-z][a-z0-9+.-]*:/i.test(uriPart)) {
          throw refError(from, `$ref '${ref}' points outside the repository (a URL); eventctl never fetches over the network`, 'vendor the referenced schema into the repository and $ref it by relative path');
        } else {
          // Relative ref under an absolute (http) $id: resolve it as a file beside the document.
          path = posix.normalize(posix.join(posix.dirname(where.doc.path), uriPart));
        }
        if (absolute?.startsWith('file:') && !absolute.startsWith(ROOT)) path = '../';
        if (path.startsWith('../') || path === '..' || posix.isAbsolute(path)) {
          throw refError(from, `$ref '${ref}' points outside the repository root`, 'keep referenced schemas inside the repository');
        }
        const doc = await load(path, from);
        resource = doc.value as object;
      }
    }
    let target: unknown;
    if (fragment === '' ) target = resource;
    else if (fragment.startsWith('/')) {
      target = resource;
      for (const token of parsePointer(fragment)) {
        target = Array.isArray(target) ? target[Number(token)] : isObject(target) ? target[token] : undefined;
        if (target === undefined) break;
      }
      if (target !== undefined && isObject(target) && !info.has(target)) {
        const owner = info.get(resource) ?? where;
        index(owner.doc, target, owner.resource, owner.base, fragment);
      }
    } else {
      target = anchors.get(resource)?.get(decodeURIComponentSafe(fragment));
    }
    if (target === undefined || (typeof target !== 'boolean' && !isObject(target))) {
      throw refError(from, `$ref '${ref}' does not resolve to a schema`, 'fix the JSON pointer or anchor after #');
    }
    refTargets.set(holder, target);
  }

  const synthetic = new WeakMap<object, object>();
  const deref = (node: unknown): unknown => {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops += 1) {
      if (hops > 64) return true; // a chain of pure $refs that never reaches a schema: nothing to compare
      const target = refTargets.get(current);
      if (target === undefined) return current;
      const where = info.get(current);
      const draft = draftOf(current.$schema) ?? where?.doc.draft ?? '07';
      if (draft === '07' || !hasConstraintSiblings(current)) {
        current = target;
        continue;
      }
      // 2019-09+: `$ref` applies beside its siblings, like an allOf of the two.
      let merged = synthetic.get(current);
      if (!merged) {
        const { $ref: _ref, ...rest } = current;
        merged = { allOf: [target, rest] };
        synthetic.set(current, merged);
        if (where) {
          info.set(merged, where);
          info.set(rest, where);
        }
      }
      return merged;
    }
    return current;
  };

  return {
    root: entry.value,
    entry,
    documents,
    deref,
    draftOf: (node) => {
      if (!isObject(node)) return undefined;
      const where = info.get(node);
      return where ? (draftOf(node.$schema) ?? where.doc.draft) : undefined;
    },
  };
}

const ANNOTATIONS = new Set(['$ref', '$id', '$schema', '$comment', '$defs', 'definitions', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', '$anchor']);
function hasConstraintSiblings(node: JsonObject): boolean {
  for (const key of Object.keys(node)) if (!ANNOTATIONS.has(key) && !key.startsWith('x-')) return true;
  return false;
}

function safeUrl(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

function esc(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A bundle for an in-memory schema with no files around it (tests, `schema diff` of stdin-like input). */
export async function bundleFromValue(value: unknown, path = 'schema.json'): Promise<SchemaBundle> {
  const text = JSON.stringify(value);
  return loadBundle(path, () => undefined, text);
}
