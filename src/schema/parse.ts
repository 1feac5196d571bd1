import { InputError } from '../errors.js';

/** Deeper nesting than this is refused: no real event schema comes close, and it protects the stack. */
export const MAX_NESTING = 512;

/** Parses schema JSON text; errors carry file:line:column. Never recurses, so any depth is safe to check. */
export function parseSchemaText(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const { line, column } = lineColumn(text, offset);
    throw new InputError(`${file} is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      location: { file, line, column },
      hint: 'fix the JSON syntax (a trailing comma or a missing quote is the usual cause)',
    });
  }
  const depth = nestingDepth(value);
  if (depth > MAX_NESTING) {
    throw new InputError(`${file} nests ${depth} levels deep; eventctl accepts at most ${MAX_NESTING}`, {
      location: { file, line: 1, column: 1 },
      hint: 'flatten the schema with $defs and $ref',
    });
  }
  return value;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
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
