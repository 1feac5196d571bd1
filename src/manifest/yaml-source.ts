import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError, type Problem, type SourceLocation } from '../errors.js';

/** Aliases are rare in real manifests; a small cap defeats "billion laughs" expansion. */
const MAX_ALIAS_COUNT = 50;

/** A parsed YAML document that can say where any JSON pointer came from. */
export interface YamlSource {
  value: unknown;
  locate(pointer: string, options?: { key?: boolean }): SourceLocation;
}

export interface ParseYamlOptions {
  /** Path shown in messages (relative to the repository root). */
  displayPath: string;
  /** Refuse every alias and anchor (approval policies). */
  forbidAliases?: boolean;
}

/**
 * Parses YAML strictly: duplicate keys, unknown tags and excessive aliases are errors, each
 * reported at its file:line:column.
 */
export function parseYamlSource(text: string, options: ParseYamlOptions): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file: options.displayPath, line: pos.line, column: pos.col };
  };
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    problems.push({
      message: yamlMessage(error.code, error.message),
      hint: error.code === 'DUPLICATE_KEY' ? 'remove or rename one of the duplicate keys' : 'fix the YAML syntax here',
      location: at(error.pos[0]),
    });
  }
  for (const warning of doc.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') {
      problems.push({
        message: yamlMessage(warning.code, warning.message),
        hint: 'custom YAML tags are not allowed; write plain values',
        location: at(warning.pos[0]),
      });
    }
  }
  if (options.forbidAliases) {
    visitAliases(doc, (node) => {
      problems.push({
        message: 'YAML anchors and aliases are not allowed in this file',
        hint: 'write the value out in full',
        location: at(node.range?.[0] ?? 0),
      });
    });
  }
  if (problems.length > 0) throw InputError.fromProblems(problems);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`refused YAML: ${message}`, {
      hint: `aliases may expand at most ${MAX_ALIAS_COUNT} times; write the value out instead of nesting aliases`,
      location: { file: options.displayPath, line: 1, column: 1 },
    });
  }
  return {
    value,
    locate: (pointer, locateOptions) => {
      const offset = findOffset(doc, pointer, locateOptions?.key === true);
      return at(offset);
    },
  };
}

function yamlMessage(code: string, message: string): string {
  // yaml's messages embed a source excerpt after the first line; we print our own location.
  const first = message.split('\n')[0] ?? message;
  return `${first.replace(/ at line \d+, column \d+:?$/, '')} (${code})`;
}

function visitAliases(doc: Document, onAlias: (node: Node) => void): void {
  const walk = (node: unknown): void => {
    if (!node) return;
    if (isAlias(node)) return onAlias(node);
    if (isScalar(node) && node.anchor) return onAlias(node);
    if (isMap(node) || isSeq(node)) {
      if (node.anchor) onAlias(node);
      for (const item of node.items) walk(item);
    } else if (isPair(node)) {
      walk(node.key);
      walk(node.value);
    }
  };
  walk(doc.contents);
}

export function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Offset of the node at `pointer`, or of its deepest existing ancestor. */
function findOffset(doc: Document, pointer: string, preferKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  const segments = decodePointer(pointer);
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) return offset;
      if (last && preferKey) return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : undefined;
  }
  return undefined;
}
