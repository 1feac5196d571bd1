import { isObject, type JsonObject } from './json.js';

/** JSON Schema drafts eventctl distinguishes; 04 and 06 read like 07 for comparison purposes. */
export type Draft = '07' | '2019-09' | '2020-12';

export function draftOf(schemaUri: unknown): Draft | undefined {
  if (typeof schemaUri !== 'string') return undefined;
  if (schemaUri.includes('2020-12')) return '2020-12';
  if (schemaUri.includes('2019-09')) return '2019-09';
  if (/draft-0[4-7]/.test(schemaUri)) return '07';
  return undefined;
}

export function detectDraft(document: unknown): Draft {
  return (isObject(document) ? draftOf(document.$schema) : undefined) ?? '07';
}

/** A meta-schema URI eventctl knows how to validate against (else undefined). */
export function isKnownDialect(schemaUri: unknown): boolean {
  return schemaUri === undefined || draftOf(schemaUri) !== undefined;
}

export interface ArrayShape {
  /** Positional item schemas (`prefixItems`, or `items` as an array before 2020-12). */
  tuple: readonly unknown[] | undefined;
  tupleKeyword: 'prefixItems' | 'items';
  /** Schema for the items after the tuple (or for all items without a tuple), or undefined when absent. */
  rest: unknown;
  restKeyword: 'items' | 'additionalItems';
  /** Before 2020-12, `additionalItems` beside a non-array `items` has no effect; Confluent still compares it. */
  inertAdditionalItems: unknown;
}

export function arrayShape(node: JsonObject, draft: Draft): ArrayShape {
  if (draft === '2020-12') {
    const prefix = node.prefixItems;
    return {
      tuple: Array.isArray(prefix) ? prefix : undefined,
      tupleKeyword: 'prefixItems',
      rest: node.items,
      restKeyword: 'items',
      inertAdditionalItems: undefined,
    };
  }
  const items = node.items;
  if (Array.isArray(items)) {
    return { tuple: items, tupleKeyword: 'items', rest: node.additionalItems, restKeyword: 'additionalItems', inertAdditionalItems: undefined };
  }
  return { tuple: undefined, tupleKeyword: 'items', rest: items, restKeyword: 'items', inertAdditionalItems: node.additionalItems };
}

/** Property dependencies, from draft-07 `dependencies` (array form) and 2019-09+ `dependentRequired`. */
export function dependentRequired(node: JsonObject): Map<string, { keyword: string; names: readonly string[] }> | undefined {
  let out: Map<string, { keyword: string; names: readonly string[] }> | undefined;
  for (const keyword of ['dependencies', 'dependentRequired']) {
    const value = node[keyword];
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) {
      const names = value[key];
      if (Array.isArray(names)) (out ??= new Map()).set(key, { keyword, names: names as string[] });
    }
  }
  return out;
}

/** Schema dependencies, from draft-07 `dependencies` (schema form) and 2019-09+ `dependentSchemas`. */
export function dependentSchemas(node: JsonObject): Map<string, { keyword: string; schema: unknown }> | undefined {
  let out: Map<string, { keyword: string; schema: unknown }> | undefined;
  for (const keyword of ['dependencies', 'dependentSchemas']) {
    const value = node[keyword];
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) {
      const schema = value[key];
      if (!Array.isArray(schema)) (out ??= new Map()).set(key, { keyword, schema });
    }
  }
  return out;
}
