/**
 * Maps JSON pointers to 1-based line/column positions in JSON text, so findings about a schema
 * can point at the line of the keyword. One linear scan; positions are recorded lazily on demand.
 */
export interface JsonPosition {
  line: number;
  column: number;
}

export function jsonPointerPositions(text: string): Map<string, JsonPosition> {
  return scanJson(text);
}

/** A key that appears twice in one object (JSON.parse silently keeps the last one). */
export interface DuplicateJsonKey {
  /** Pointer of the member, e.g. `/properties/id`. */
  pointer: string;
  position: JsonPosition;
}

/** Every repeated key of every object in the JSON text, in document order. */
export function jsonDuplicateKeys(text: string): DuplicateJsonKey[] {
  const duplicates: DuplicateJsonKey[] = [];
  scanJson(text, (pointer, position) => duplicates.push({ pointer, position }));
  return duplicates;
}

function scanJson(text: string, onDuplicateKey?: (pointer: string, position: JsonPosition) => void): Map<string, JsonPosition> {
  const positions = new Map<string, JsonPosition>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): JsonPosition => ({ line, column: i - lineStart + 1 });
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line += 1;
        i += 1;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i += 1;
      else return;
    }
  };
  const readString = (): string => {
    const start = i;
    i += 1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) {
        i += 1;
        break;
      } else i += 1;
    }
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  // Iterative descent with an explicit stack, so a 10,000-deep document cannot overflow.
  type Frame = { kind: 'object' | 'array'; pointer: string; index: number; expectKey: boolean; keys?: Set<string> };
  const stack: Frame[] = [];
  let pending = '';
  skip();
  while (i < text.length) {
    skip();
    const c = text[i];
    if (c === undefined) break;
    if (c === '}' || c === ']') {
      stack.pop();
      i += 1;
      continue;
    }
    if (c === ',') {
      i += 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      if (top?.kind === 'array') {
        top.index += 1;
        skip();
        pending = `${top.pointer}/${top.index}`;
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (top?.kind === 'object' && top.expectKey && c === '"') {
      const keyPos = here();
      const key = readString();
      skip();
      if (text[i] === ':') {
        i += 1;
        top.expectKey = false;
        skip();
        pending = `${top.pointer}/${escape(key)}`;
        if (onDuplicateKey) {
          top.keys ??= new Set();
          if (top.keys.has(key)) onDuplicateKey(pending, keyPos);
          else top.keys.add(key);
        }
        if (!positions.has(pending)) positions.set(pending, keyPos);
        continue;
      }
    }
    // A value starts here.
    if (!positions.has(pending)) positions.set(pending, here());
    if (c === '{') {
      stack.push({ kind: 'object', pointer: pending, index: 0, expectKey: true });
      i += 1;
    } else if (c === '[') {
      stack.push({ kind: 'array', pointer: pending, index: 0, expectKey: false });
      i += 1;
      skip();
      pending = `${pending}/0`;
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i += 1;
    }
  }
  return positions;
}

/** Position of `pointer`, or of its deepest ancestor that exists, or 1:1. */
export function locateInJson(positions: Map<string, JsonPosition>, pointer: string): JsonPosition {
  let current = pointer;
  for (;;) {
    const found = positions.get(current);
    if (found) return found;
    if (current === '') return { line: 1, column: 1 };
    current = current.slice(0, current.lastIndexOf('/'));
  }
}
