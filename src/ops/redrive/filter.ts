import { createHash } from 'node:crypto';
import { UsageError } from '../../errors.js';

/**
 * `--filter` for a redrive: which DLQ messages move. Several filters must all match.
 *   detail-type=OrderPlaced      the EventBridge envelope's detail-type (body JSON)
 *   error-code=THROTTLING        the ERROR_CODE message attribute EventBridge target DLQs carry
 *   /detail/orderId=<value>      a JSON pointer into the body; <value> is JSON if it parses, else a string
 * Pure: parsing and matching only.
 */
export type MessageFilter =
  | { kind: 'detail-type'; value: string }
  | { kind: 'error-code'; value: string }
  | { kind: 'pointer'; pointer: string; value: unknown };

export interface FilterableMessage {
  body: string;
  /** String message attributes by name. */
  messageAttributes: Record<string, string>;
}

export function parseFilter(spec: string): MessageFilter {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw filterError(spec);
  const key = spec.slice(0, eq);
  const raw = spec.slice(eq + 1);
  if (key === 'detail-type') return { kind: 'detail-type', value: raw };
  if (key === 'error-code') return { kind: 'error-code', value: raw };
  if (key.startsWith('/')) {
    parsePointer(key, spec);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a bare string */
    }
    return { kind: 'pointer', pointer: key, value };
  }
  throw filterError(spec);
}

function filterError(spec: string): UsageError {
  return new UsageError(`--filter '${spec}' is not a filter`, {
    hint: 'use detail-type=<DetailType>, error-code=<ERROR_CODE> or /json/pointer=<value>',
  });
}

function parsePointer(pointer: string, spec: string): string[] {
  if (!pointer.startsWith('/')) throw filterError(spec);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) throw filterError(spec);
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** RFC 6901 lookup; undefined when the path does not exist. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const token of parsePointer(pointer, pointer)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return node;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function matchesFilter(message: FilterableMessage, filter: MessageFilter, parsed: unknown = parseBody(message.body)): boolean {
  switch (filter.kind) {
    case 'detail-type':
      return (parsed as Record<string, unknown> | undefined)?.['detail-type'] === filter.value;
    case 'error-code':
      return message.messageAttributes.ERROR_CODE === filter.value;
    case 'pointer': {
      const found = resolvePointer(parsed, filter.pointer);
      // A pointer match on a string value also accepts the value's text (`/detail/n=5` matches "5").
      return found !== undefined && (sameJson(found, filter.value) || (typeof found === 'string' && found === String(filter.value)));
    }
  }
}

/** All filters must match; no filters match everything. */
export function matchesAll(message: FilterableMessage, filters: readonly MessageFilter[]): boolean {
  if (filters.length === 0) return true;
  const parsed = parseBody(message.body);
  return filters.every((f) => matchesFilter(message, f, parsed));
}

/** The canonical text of a filter list (what a plan's digest covers, through its hash). */
export function filterText(specs: readonly string[]): string {
  return specs.join('\n');
}

export function filterSha256(specs: readonly string[]): string {
  return createHash('sha256').update(filterText(specs)).digest('hex');
}
