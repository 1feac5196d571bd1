/**
 * Seeded generators for the property-based test: draft-07 schemas, small edits of them (so that
 * many pairs are compatible and the engine's "compatible" verdicts get exercised), and instances
 * guided by a schema (so that many are valid). Everything flows from one PRNG: same seed, same run.
 */

/** mulberry32: tiny, fast, good enough for test data. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  subset<T>(items: readonly T[], p = 0.5): T[] {
    return items.filter(() => this.chance(p));
  }
}

type Schema = Record<string, unknown> | boolean;
type Node = Record<string, unknown>;

const NAMES = ['a', 'b', 'c', 'd'];
const STRINGS = ['', 'a', 'b', 'ab', 'abc', 'xyz', 'a1', 'bbbb'];
const NUMBERS = [0, 1, 2, 3, 4, 6, -1, -2, 1.5, 2.5, 10, 100];
const SCALARS: readonly unknown[] = ['a', 'b', 'ab', 1, 2, 1.5, true, false, null];
const PATTERNS = ['^a', '^b', 'b', '^[a-z]*$', '1'];
const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];

/**
 * Keywords generated: type (single or list), enum, const, string/number/array/object bounds,
 * pattern, multipleOf, properties, required (also undeclared names), additionalProperties
 * (boolean or schema), items (single and tuple) with additionalItems, uniqueItems, anyOf, allOf,
 * not. Left out on purpose: `oneOf` (treated like anyOf, a documented leniency), `default`
 * (a required property with a default is accepted, which set semantics does not prove), `format`
 * and conditionals (reported as warnings, never as compatible).
 */
export function genSchema(rng: Prng, depth = 0): Schema {
  if (depth > 2 || rng.chance(0.08)) return rng.pick<Schema>([true, {}, { type: 'string' }, { type: 'integer' }]);
  switch (rng.int(10)) {
    case 0:
      return withBounds(rng, { type: 'string' }, 'string');
    case 1:
      return withBounds(rng, { type: rng.pick(['number', 'integer']) }, 'number');
    case 2:
    case 3:
      return genObject(rng, depth);
    case 4:
      return genArray(rng, depth);
    case 5:
      return { enum: distinct(rng, 1 + rng.int(3)) };
    case 6:
      return rng.chance(0.5) ? { const: rng.pick(SCALARS) } : { type: rng.pick(['string', 'integer']), enum: distinct(rng, 2) };
    case 7:
      return { [rng.pick(['anyOf', 'allOf'])]: [genSchema(rng, depth + 1), genSchema(rng, depth + 1)] };
    case 8:
      return { type: rng.subset(TYPES, 0.4).concat(rng.pick(TYPES)).filter((t, i, all) => all.indexOf(t) === i) };
    default:
      return { type: rng.pick(['string', 'number']), not: rng.pick<Schema>([{ const: 'a' }, { enum: [1, 2] }, { type: 'integer' }, { maxLength: 1 }]) };
  }
}

function distinct(rng: Prng, count: number): unknown[] {
  const out: unknown[] = [];
  while (out.length < count) {
    const v = rng.pick(SCALARS);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function withBounds(rng: Prng, node: Node, kind: 'string' | 'number'): Node {
  if (kind === 'string') {
    if (rng.chance(0.3)) node.minLength = rng.int(3);
    if (rng.chance(0.3)) node.maxLength = 1 + rng.int(4);
    if (rng.chance(0.2)) node.pattern = rng.pick(PATTERNS);
  } else {
    if (rng.chance(0.3)) node[rng.pick(['minimum', 'exclusiveMinimum'])] = rng.pick([-1, 0, 1, 2]);
    if (rng.chance(0.3)) node[rng.pick(['maximum', 'exclusiveMaximum'])] = rng.pick([2, 3, 10]);
    if (rng.chance(0.2)) node.multipleOf = rng.pick([0.5, 1, 2, 3, 4]);
  }
  return node;
}

function genObject(rng: Prng, depth: number): Node {
  const properties: Record<string, Schema> = {};
  for (const name of rng.subset(NAMES, 0.5)) properties[name] = genSchema(rng, depth + 1);
  const node: Node = { type: 'object', properties };
  const required = rng.subset(NAMES, 0.25);
  if (required.length) node.required = required;
  const additional = rng.int(4);
  if (additional === 1) node.additionalProperties = false;
  if (additional === 2) node.additionalProperties = genSchema(rng, depth + 1);
  if (additional === 3) node.additionalProperties = true;
  if (rng.chance(0.15)) node.maxProperties = 1 + rng.int(3);
  if (rng.chance(0.15)) node.minProperties = rng.int(2);
  return node;
}

function genArray(rng: Prng, depth: number): Node {
  const node: Node = { type: 'array' };
  if (rng.chance(0.3)) {
    node.items = [genSchema(rng, depth + 1), genSchema(rng, depth + 1)];
    if (rng.chance(0.6)) node.additionalItems = rng.chance(0.5) ? false : genSchema(rng, depth + 1);
  } else if (rng.chance(0.8)) node.items = genSchema(rng, depth + 1);
  if (rng.chance(0.2)) node.minItems = rng.int(2);
  if (rng.chance(0.2)) node.maxItems = 1 + rng.int(3);
  if (rng.chance(0.15)) node.uniqueItems = true;
  return node;
}

/** Every object node of a schema with a way to replace it (the root has none). */
function nodesOf(schema: Schema): Array<{ node: Node; replace?: (s: Schema) => void }> {
  const out: Array<{ node: Node; replace?: (s: Schema) => void }> = [];
  const visit = (value: unknown, replace?: (s: Schema) => void): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const node = value as Node;
    out.push({ node, replace });
    for (const [key, child] of Object.entries(node)) {
      if (key === 'properties' && child && typeof child === 'object') {
        for (const name of Object.keys(child)) visit((child as Node)[name], (s) => ((child as Node)[name] = s));
      } else if (['additionalProperties', 'additionalItems', 'not'].includes(key) || (key === 'items' && !Array.isArray(child))) {
        visit(child, (s) => (node[key] = s));
      } else if (['anyOf', 'allOf'].includes(key) || (key === 'items' && Array.isArray(child))) {
        (child as unknown[]).forEach((branch, i) => visit(branch, (s) => ((child as unknown[])[i] = s)));
      }
    }
  };
  visit(schema);
  return out;
}

/** A copy of `schema` with one to three random edits (keyword tweaks, or a subtree replaced). */
export function mutate(rng: Prng, schema: Schema): Schema {
  let copy = structuredClone(schema);
  const edits = 1 + rng.int(3);
  for (let i = 0; i < edits; i += 1) {
    if (typeof copy === 'boolean') {
      copy = genSchema(rng, 1);
      continue;
    }
    const targets = nodesOf(copy);
    const { node, replace } = rng.pick(targets);
    switch (rng.int(9)) {
      case 0:
        if (replace) replace(genSchema(rng, 2));
        else copy = genSchema(rng, 1);
        break;
      case 1: {
        const keys = Object.keys(node);
        if (keys.length) delete node[rng.pick(keys)];
        break;
      }
      case 2:
        for (const kw of ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties']) {
          if (typeof node[kw] === 'number') node[kw] = Math.max(0, (node[kw] as number) + rng.pick([-1, 1, 2]));
        }
        break;
      case 3:
        if (Array.isArray(node.enum)) {
          if (rng.chance(0.5) && node.enum.length > 1) node.enum = node.enum.slice(1);
          else node.enum = [...new Set([...node.enum, rng.pick(SCALARS)])];
        } else if (node.const !== undefined) node.const = rng.pick(SCALARS);
        else node.type = rng.chance(0.5) ? rng.pick(TYPES) : [rng.pick(TYPES), rng.pick(TYPES)].filter((t, idx, all) => all.indexOf(t) === idx);
        break;
      case 4:
        if (node.properties && typeof node.properties === 'object') {
          const props = node.properties as Record<string, Schema>;
          const name = rng.pick(NAMES);
          if (props[name] !== undefined && rng.chance(0.5)) delete props[name];
          else props[name] = genSchema(rng, 2);
        } else node.additionalProperties = rng.pick<Schema>([false, true, { type: 'string' }]);
        break;
      case 5: {
        const required = Array.isArray(node.required) ? (node.required as string[]) : [];
        const name = rng.pick(NAMES);
        node.required = required.includes(name) ? required.filter((r) => r !== name) : [...required, name];
        break;
      }
      case 6:
        node.additionalProperties = rng.pick<Schema>([false, true, { type: 'string' }, { type: 'integer' }, {}]);
        break;
      case 7:
        if (replace) replace({ anyOf: [structuredClone(node), genSchema(rng, 2)] });
        else copy = { anyOf: [structuredClone(node), genSchema(rng, 2)] };
        break;
      default:
        if (node.multipleOf !== undefined) node.multipleOf = rng.pick([0.5, 1, 2, 3, 4]);
        else if (node.pattern !== undefined) node.pattern = rng.pick(PATTERNS);
        else if (Array.isArray(node.items)) node.items = (node.items as Schema[]).slice(0, 1 + rng.int(3));
        else node.uniqueItems = !node.uniqueItems;
    }
  }
  return copy;
}

/** A value shaped after `schema` most of the time (so it is often valid), otherwise anything. */
export function genInstance(rng: Prng, schema: Schema, depth = 0): unknown {
  if (depth > 4 || typeof schema === 'boolean' || rng.chance(0.1)) return anyValue(rng, depth);
  const node = schema;
  if (node.const !== undefined && rng.chance(0.8)) return structuredClone(node.const);
  if (Array.isArray(node.enum) && rng.chance(0.8)) return structuredClone(rng.pick(node.enum));
  for (const key of ['anyOf', 'allOf'] as const) {
    if (Array.isArray(node[key]) && rng.chance(0.7)) return genInstance(rng, rng.pick(node[key] as Schema[]), depth + 1);
  }
  const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? (node.type as string[]) : TYPES;
  switch (rng.pick(types)) {
    case 'string':
      return rng.pick(STRINGS);
    case 'number':
      return rng.pick(NUMBERS);
    case 'integer':
      return rng.pick(NUMBERS.filter(Number.isInteger));
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const tuple = Array.isArray(node.items) ? (node.items as Schema[]) : undefined;
      const length = rng.int(4);
      const out: unknown[] = [];
      for (let i = 0; i < length; i += 1) {
        const item = tuple ? (tuple[i] ?? (node.additionalItems as Schema | undefined) ?? true) : ((node.items as Schema | undefined) ?? true);
        out.push(genInstance(rng, item, depth + 1));
      }
      return out;
    }
    default: {
      const out: Record<string, unknown> = {};
      const props = (node.properties ?? {}) as Record<string, Schema>;
      for (const name of NAMES) {
        const declared = props[name];
        const required = Array.isArray(node.required) && (node.required as string[]).includes(name);
        if (declared !== undefined ? rng.chance(required ? 0.9 : 0.6) : rng.chance(required ? 0.8 : 0.15)) {
          out[name] = genInstance(rng, declared ?? (node.additionalProperties as Schema | undefined) ?? true, depth + 1);
        }
      }
      return out;
    }
  }
}

function anyValue(rng: Prng, depth: number): unknown {
  switch (rng.int(depth > 2 ? 5 : 7)) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick(NUMBERS);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return rng.pick(SCALARS);
    case 5:
      return [anyValue(rng, depth + 1)];
    default:
      return { [rng.pick(NAMES)]: anyValue(rng, depth + 1) };
  }
}
