import { constructFromEvents, CORE_SCHEMA, getScalarValue, parseEvents, YAMLException, type Event } from 'js-yaml';
import { InputError, type Problem, type SourceLocation } from '../errors.js';

/**
 * Aliases are rare in real manifests. The count cap stops the obvious "billion laughs"; the
 * expansion check below stops a sneaky one that stays under the count but doubles per level.
 */
const MAX_ALIAS_COUNT = 50;
const MAX_EXPANSION_FACTOR = 4;

// js-yaml 5's event ids (EVENT_ID): parse once into a flat event stream with source offsets,
// construct values from it, and index positions from the same events only when asked.
const EV_DOCUMENT = 1;
const EV_SEQUENCE = 2;
const EV_MAPPING = 3;
const EV_SCALAR = 4;
const EV_ALIAS = 5;
const EV_POP = 6;

/** A parsed YAML document that can say where any JSON pointer came from. */
export interface YamlSource {
  value: unknown;
  locate(pointer: string, options?: { key?: boolean }): SourceLocation;
}

export interface ParseYamlOptions {
  /** Path shown in messages (relative to the repository root). */
  displayPath: string;
  /** Refuse every alias and anchor (approval policies, lint presets). */
  forbidAliases?: boolean;
  /** Refuse every explicit tag, even standard ones like !!str (approval policies). */
  forbidTags?: boolean;
  /** Word for messages, e.g. 'an approval policy'. */
  what?: string;
}

/**
 * Parses YAML strictly (YAML 1.2 core schema: dates stay strings): duplicate keys, unknown tags,
 * several documents and alias expansion are errors, each reported at its file:line:column.
 * js-yaml's event parser is ~10x faster than a full AST on large manifests; positions are
 * computed from the same events on the first `locate` call only.
 */
export function parseYamlSource(text: string, options: ParseYamlOptions): YamlSource {
  const lines = lineIndex(text);
  const at = (offset: number): SourceLocation => ({ file: options.displayPath, ...lines.position(offset) });
  let events: Event[];
  try {
    events = parseEvents(text, { filename: options.displayPath, maxDepth: 200 });
  } catch (error) {
    throw yamlError(error, options.displayPath);
  }
  // Forbidden constructs are reported (all of them, at their places) before anything is built.
  const problems: Problem[] = [];
  const inWhat = options.what ? `in ${options.what}` : 'in this file';
  let documentCount = 0;
  for (const event of events) {
    if (event.type === EV_DOCUMENT) {
      documentCount += 1;
      continue;
    }
    if (options.forbidAliases && 'anchorStart' in event && event.anchorStart >= 0) {
      const name = text.slice(event.anchorStart, event.anchorEnd);
      problems.push(
        event.type === EV_ALIAS
          ? { message: `YAML alias *${name} is not allowed ${inWhat}`, hint: 'write the value out in full', location: at(Math.max(0, event.anchorStart - 1)) }
          : { message: `YAML anchor &${name} is not allowed ${inWhat}`, hint: 'write the value out in full', location: at(Math.max(0, event.anchorStart - 1)) },
      );
    }
    if (options.forbidTags && 'tagStart' in event && event.tagStart >= 0) {
      problems.push({ message: `YAML tag ${text.slice(event.tagStart, event.tagEnd)} is not allowed ${inWhat}`, hint: 'remove the tag; quote strings instead', location: at(event.tagStart) });
    }
  }
  if (documentCount > 1) {
    problems.push({
      message: `multiple YAML documents (${documentCount}) in one file; expected one`,
      hint: 'remove the extra `---` separators',
      location: at(secondDocumentOffset(events)),
    });
  }
  if (problems.length > 0) throw InputError.fromProblems(problems);
  let documents: unknown[];
  try {
    documents = constructFromEvents(events, {
      source: text,
      filename: options.displayPath,
      schema: CORE_SCHEMA,
      maxAliases: MAX_ALIAS_COUNT,
    });
  } catch (error) {
    throw yamlError(error, options.displayPath);
  }
  const value = documents[0] ?? null;
  refuseExpansion(value, events.length, options.displayPath);

  let index: PositionIndex | undefined;
  return {
    value,
    locate: (pointer, locateOptions) => {
      index ??= indexPositions(events, text);
      return at(index.find(pointer, locateOptions?.key === true));
    },
  };
}

function yamlError(error: unknown, displayPath: string): InputError {
  if (error instanceof YAMLException) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const reason = error.reason ?? error.message.split('\n')[0] ?? 'invalid YAML';
    const hint = /duplicat/i.test(reason)
      ? 'remove or rename one of the duplicate keys'
      : /tag/i.test(reason)
        ? 'custom YAML tags are not allowed; write plain values'
        : /alias/i.test(reason)
          ? `write the value out instead of using aliases (at most ${MAX_ALIAS_COUNT} are allowed, none in policies)`
          : 'fix the YAML syntax here';
    return new InputError(reason, {
      hint,
      location: { file: displayPath, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
    });
  }
  return new InputError(`cannot parse YAML: ${error instanceof Error ? error.message : String(error)}`, {
    location: { file: displayPath, line: 1, column: 1 },
  });
}

/** Counts nodes as a consumer that walks the value would see them (aliases expanded). */
function refuseExpansion(value: unknown, eventCount: number, displayPath: string): void {
  const limit = eventCount * MAX_EXPANSION_FACTOR + 1000;
  const memo = new Map<object, number>();
  const count = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, 1); // cycles (a self-referencing alias) count once
    let total = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      total += count(child);
      if (total > limit) break;
    }
    memo.set(node, total);
    return total;
  };
  if (count(value) > limit) {
    throw new InputError('refused YAML: aliases expand it far beyond its written size (a resource exhaustion attack)', {
      hint: 'write the values out instead of nesting aliases',
      location: { file: displayPath, line: 1, column: 1 },
    });
  }
}

function secondDocumentOffset(events: Event[]): number {
  let seen = 0;
  for (const event of events) {
    if (event.type === EV_DOCUMENT) seen += 1;
    if (seen === 2) {
      const next = events[events.indexOf(event) + 1];
      return next ? startOf(next) : 0;
    }
  }
  return 0;
}

function startOf(event: Event): number {
  switch (event.type) {
    case EV_MAPPING:
    case EV_SEQUENCE:
      return event.anchorStart >= 0 ? event.anchorStart : event.tagStart >= 0 ? event.tagStart : event.start;
    case EV_SCALAR:
      return event.anchorStart >= 0 ? event.anchorStart : event.tagStart >= 0 ? event.tagStart : valueStart(event);
    case EV_ALIAS:
      return Math.max(0, event.anchorStart - 1);
    default:
      return 0;
  }
}

/** A quoted scalar's offset points inside the quotes; report the opening quote. */
function valueStart(event: Extract<Event, { type: 4 }>): number {
  return event.style === 2 || event.style === 3 ? Math.max(0, event.valueStart - 1) : event.valueStart;
}

interface PositionIndex {
  find(pointer: string, preferKey: boolean): number;
}

type Frame =
  | { kind: 'map'; pointer: string; key: string | undefined; start: number }
  | { kind: 'seq'; pointer: string; index: number; start: number };

/** One pass over the events: the offset of every value and of every mapping key, by pointer. */
function indexPositions(events: Event[], text: string): PositionIndex {
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  const stack: Frame[] = [];
  const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
  /** Where the next value goes, or undefined when the next scalar is a mapping key. */
  const slot = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'seq') return `${top.pointer}/${top.index}`;
    return top.key === undefined ? undefined : `${top.pointer}/${escape(top.key)}`;
  };
  const advance = () => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.kind === 'seq') top.index += 1;
    else top.key = undefined;
  };
  for (const event of events) {
    switch (event.type) {
      case EV_MAPPING:
      case EV_SEQUENCE: {
        // A collection used as a mapping key is not addressable by a JSON pointer.
        const pointer = slot() ?? `${stack[stack.length - 1]!.pointer}/?`;
        if (!values.has(pointer)) values.set(pointer, startOf(event));
        stack.push(
          event.type === EV_MAPPING
            ? { kind: 'map', pointer, key: undefined, start: event.start }
            : { kind: 'seq', pointer, index: 0, start: event.start },
        );
        break;
      }
      case EV_SCALAR: {
        const pointer = slot();
        const top = stack[stack.length - 1];
        if (pointer === undefined && top?.kind === 'map') {
          top.key = getScalarValue(text, event);
          keys.set(`${top.pointer}/${escape(top.key)}`, startOf(event));
        } else {
          if (pointer !== undefined && !values.has(pointer)) values.set(pointer, startOf(event));
          advance();
        }
        break;
      }
      case EV_ALIAS: {
        const pointer = slot();
        if (pointer !== undefined && !values.has(pointer)) values.set(pointer, startOf(event));
        if (pointer === undefined) {
          const top = stack[stack.length - 1];
          if (top?.kind === 'map') top.key = '*';
        } else advance();
        break;
      }
      case EV_POP: {
        if (stack.length > 0) {
          stack.pop();
          advance();
        }
        break;
      }
      default:
        break;
    }
  }
  return {
    find(pointer, preferKey) {
      if (preferKey) {
        const key = keys.get(pointer);
        if (key !== undefined) return key;
      }
      let current = pointer;
      for (;;) {
        const found = values.get(current) ?? keys.get(current);
        if (found !== undefined) return found;
        if (current === '') return 0;
        current = current.slice(0, current.lastIndexOf('/'));
      }
    },
  };
}

function lineIndex(text: string) {
  let starts: number[] | undefined;
  return {
    position(offset: number): { line: number; column: number } {
      if (!starts) {
        starts = [0];
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      }
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: offset - starts[lo]! + 1 };
    },
  };
}

export function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
