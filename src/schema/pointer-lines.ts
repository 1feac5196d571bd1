/**
 * Maps JSON pointers to the line and column where that value (or its key) sits in JSON text,
 * so reports can point at the line of a schema change. One linear scan, no recursion.
 */
export interface TextPosition {
  line: number;
  column: number;
}

export interface PointerIndex {
  /** Position of the node at `pointer`, or of its closest ancestor that exists. */
  locate(pointer: string): TextPosition;
}

export function indexPointers(text: string): PointerIndex {
  const positions = new Map<string, TextPosition>();
  positions.set('', { line: 1, column: 1 });
  // Stack of containers: for objects the pending key, for arrays the next index.
  const stack: Array<{ path: string; array: boolean; index: number; key: string | undefined }> = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  let expectKey = false;
  let pendingKeyPos: TextPosition | undefined;
  const here = (at: number): TextPosition => ({ line, column: at - lineStart + 1 });
  const valueStart = (at: number): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.array) {
      const path = `${top.path}/${top.index}`;
      positions.set(path, here(at));
      return path;
    }
    if (top.key === undefined) return undefined;
    const path = `${top.path}/${escape(top.key)}`;
    positions.set(path, pendingKeyPos ?? here(at));
    return path;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line += 1;
      lineStart = i + 1;
      i += 1;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 44 || c === 58) {
      i += 1;
      continue;
    }
    if (c === 34) {
      // String: a key or a value.
      const start = i;
      i += 1;
      let raw = '';
      let segment = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          raw += text.slice(segment, i);
          raw += text.slice(i, i + 2);
          i += 2;
          segment = i;
          continue;
        }
        if (d === 34) break;
        if (d === 10) {
          line += 1;
          lineStart = i + 1;
        }
        i += 1;
      }
      raw += text.slice(segment, i);
      i += 1;
      const top = stack[stack.length - 1];
      if (top && !top.array && expectKey) {
        let key = raw;
        if (raw.includes('\\')) {
          try {
            key = JSON.parse(`"${raw}"`) as string;
          } catch {
            key = raw;
          }
        }
        top.key = key;
        pendingKeyPos = here(start);
        expectKey = false;
      } else {
        valueStart(start);
        afterValue();
      }
      continue;
    }
    if (c === 123 || c === 91) {
      const path = valueStart(i) ?? '';
      stack.push({ path, array: c === 91, index: 0, key: undefined });
      expectKey = c === 123;
      pendingKeyPos = undefined;
      i += 1;
      continue;
    }
    if (c === 125 || c === 93) {
      stack.pop();
      i += 1;
      afterValue();
      continue;
    }
    // A number, true, false or null.
    valueStart(i);
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      i += 1;
    }
    afterValue();
  }
  function afterValue(): void {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.array) top.index += 1;
    else {
      top.key = undefined;
      expectKey = true;
    }
    pendingKeyPos = undefined;
  }
  return {
    locate(pointer: string): TextPosition {
      let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
      for (;;) {
        const found = positions.get(p);
        if (found) return found;
        const cut = p.lastIndexOf('/');
        if (cut <= 0) return positions.get('')!;
        p = p.slice(0, cut);
      }
    },
  };
}

function escape(token: string): string {
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
