// Seeded generator of (old, new) JSON Schema pairs inside json-schema-diff's supported keyword
// subset (type, bounds, properties, required, additionalProperties, items, anyOf, not), so its
// set-based verdicts can be compared with eventctl's. Shared by the differential test and the bench.

export function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];
const clone = (v) => JSON.parse(JSON.stringify(v));

function leaf(r) {
  switch (pick(r, ['string', 'integer', 'number', 'boolean', 'array', 'union'])) {
    case 'string': {
      const s = { type: 'string' };
      if (r() < 0.3) s.maxLength = 5 + Math.floor(r() * 20);
      if (r() < 0.2) s.minLength = Math.floor(r() * 3);
      return s;
    }
    case 'integer':
    case 'number': {
      const s = { type: r() < 0.5 ? 'integer' : 'number' };
      if (r() < 0.3) s.minimum = Math.floor(r() * 10);
      if (r() < 0.3) s.maximum = 100 + Math.floor(r() * 100);
      return s;
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const s = { type: 'array', items: { type: pick(r, ['string', 'integer']) } };
      if (r() < 0.3) s.maxItems = 3 + Math.floor(r() * 5);
      return s;
    }
    default:
      return { anyOf: [{ type: 'string' }, { type: 'integer' }] };
  }
}

function objectSchema(r, depth) {
  const properties = {};
  const n = 2 + Math.floor(r() * 5);
  for (let i = 0; i < n; i += 1) properties[`p${i}`] = depth < 1 && r() < 0.25 ? objectSchema(r, depth + 1) : leaf(r);
  const s = { type: 'object', properties };
  const names = Object.keys(properties);
  const required = names.filter(() => r() < 0.4);
  if (required.length) s.required = required;
  const ap = r();
  if (ap < 0.3) s.additionalProperties = false;
  else if (ap < 0.4) s.additionalProperties = { type: 'string' };
  if (r() < 0.15) s.maxProperties = names.length + 3;
  return s;
}

/** One random edit, applied in place to a random object node. */
function mutate(r, schema) {
  const objects = [];
  const visit = (node) => {
    if (node && node.type === 'object') {
      objects.push(node);
      for (const child of Object.values(node.properties ?? {})) visit(child);
    }
  };
  visit(schema);
  const node = pick(r, objects);
  const names = Object.keys(node.properties);
  const name = pick(r, names);
  const prop = node.properties[name];
  switch (Math.floor(r() * 12)) {
    case 0:
      node.properties[`n${Math.floor(r() * 1000)}`] = leaf(r);
      break;
    case 1:
      if (names.length > 1) {
        delete node.properties[name];
        if (node.required) node.required = node.required.filter((x) => x !== name);
        if (node.required?.length === 0) delete node.required;
      }
      break;
    case 2:
      node.required = [...new Set([...(node.required ?? []), name])];
      break;
    case 3:
      if (node.required) {
        node.required = node.required.filter((x) => x !== name);
        if (!node.required.length) delete node.required;
      }
      break;
    case 4:
      if (prop.type === 'integer') prop.type = 'number';
      else if (prop.type === 'number') prop.type = 'integer';
      else node.properties[name] = leaf(r);
      break;
    case 5:
      if (node.additionalProperties === false) delete node.additionalProperties;
      else node.additionalProperties = false;
      break;
    case 6:
      if (prop.type === 'string') prop.maxLength = prop.maxLength ? prop.maxLength + (r() < 0.5 ? -2 : 2) : 8;
      else if (prop.type === 'integer' || prop.type === 'number') prop.maximum = (prop.maximum ?? 150) + (r() < 0.5 ? -10 : 10);
      else if (prop.type === 'array') prop.maxItems = prop.maxItems ? undefined : 2;
      if (prop.maxItems === undefined) delete prop.maxItems;
      break;
    case 7:
      if (prop.type === 'integer' || prop.type === 'number') {
        if (prop.minimum === undefined) prop.minimum = 1;
        else delete prop.minimum;
      } else if (prop.type === 'string') prop.minLength = (prop.minLength ?? 0) + 1;
      break;
    case 8:
      node.properties[name] = { anyOf: [clone(prop), { type: 'null' }] };
      break;
    case 9:
      if (prop.anyOf) node.properties[name] = clone(prop.anyOf[0]);
      else prop.description = `changed ${Math.floor(r() * 100)}`;
      break;
    case 10:
      if (node.additionalProperties && typeof node.additionalProperties === 'object') delete node.additionalProperties;
      else node.additionalProperties = { type: pick(r, ['string', 'integer']) };
      break;
    default:
      if (node.maxProperties) delete node.maxProperties;
      else node.maxProperties = names.length + 1;
  }
}

/** `count` pairs; each new schema is the old one after one to three edits. */
export function schemaPairs(count, seed = 42) {
  const r = rng(seed);
  const pairs = [];
  for (let i = 0; i < count; i += 1) {
    const oldSchema = objectSchema(r, 0);
    const newSchema = clone(oldSchema);
    const edits = 1 + Math.floor(r() * 3);
    for (let e = 0; e < edits; e += 1) mutate(r, newSchema);
    pairs.push({ oldSchema, newSchema });
  }
  return pairs;
}
