import { InputError } from '../errors.js';
import { parseJsonText } from '../manifest/load.js';
import { jsonDuplicateKeys } from '../text/json-locate.js';

/** Deeper nesting than this is refused: no real event schema comes close, and it protects the stack. */
export const MAX_NESTING = 512;

/** Parses schema JSON text (errors carry file:line:column) and refuses absurd nesting before anything recurses. */
export function parseSchemaText(text: string, file: string): unknown {
  const value = parseJsonText(text, file);
  const depth = nestingDepth(value);
  if (depth > MAX_NESTING) {
    throw new InputError(`${file} nests more than ${MAX_NESTING} levels deep; eventctl refuses deeper schemas`, {
      location: { file, line: 1, column: 1 },
      hint: 'flatten the schema with $defs and $ref',
    });
  }
  const [duplicate, ...more] = jsonDuplicateKeys(text);
  if (duplicate) {
    const key = duplicate.pointer.slice(duplicate.pointer.lastIndexOf('/') + 1);
    throw new InputError(`${file} has the key '${key}' twice in one object (at ${duplicate.pointer}); JSON keeps only the last`, {
      location: { file, ...duplicate.position },
      hint: 'remove or merge one of the duplicate keys',
      problems: more.slice(0, 19).map((d) => ({ message: `duplicate key at ${d.pointer}`, location: { file, ...d.position } })),
    });
  }
  return value;
}

/** Maximum nesting of arrays and objects, computed with an explicit stack. */
export function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) max = depth;
    if (max > MAX_NESTING) return max;
    const children = Array.isArray(node) ? node : Object.values(node as object);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return max;
}
