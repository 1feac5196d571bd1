import type { ErrorObject } from 'ajv';
import type { Problem, SourceLocation } from '../errors.js';
import { closest } from '../text/closest.js';

/** What to call an entry at a pointer, e.g. `consumer 'billing-charge'`. */
export type Describe = (pointer: string) => string;
export type Locate = (pointer: string, options?: { key?: boolean }) => SourceLocation;

/**
 * Turns ajv errors into one-line problems that say what to write instead. Keeps the most
 * specific error per location (ajv reports parents of a failing `oneOf` too).
 */
export function problemsFromAjv(errors: readonly ErrorObject[], locate: Locate, describe: Describe): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const problem = toProblem(error, locate, describe);
    const key = `${problem.location?.line}:${problem.location?.column}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}

function fieldName(pointer: string): string {
  const last = pointer.split('/').pop() ?? '';
  return /^\d+$/.test(last) ? `item ${Number(last) + 1}` : `'${last}'`;
}

function toProblem(error: ErrorObject, locate: Locate, describe: Describe): Problem {
  const path = error.instancePath;
  const where = describe(path);
  switch (error.keyword) {
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = String(error.data);
      const guess = closest(value, allowed);
      return {
        message: `${where}: ${JSON.stringify(error.data)} is not a valid ${fieldName(path).replace(/'/g, '')}; valid values are: ${allowed.join(', ')}`,
        hint: guess ? `did you mean '${guess}'?` : `write one of: ${allowed.join(', ')}`,
        location: locate(path),
      };
    }
    case 'const': {
      const allowed = (error.params as { allowedValue: unknown }).allowedValue;
      return {
        message: `${where}: must be ${JSON.stringify(allowed)}, found ${JSON.stringify(error.data)}`,
        hint: `write ${JSON.stringify(allowed)}`,
        location: locate(path),
      };
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
      const guess = closest(extra, known);
      return {
        message: `${where}: unknown field '${extra}'`,
        hint: guess ? `did you mean '${guess}'?` : `known fields: ${known.join(', ')}`,
        location: locate(`${path}/${escape(extra)}`, { key: true }),
      };
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return {
        message: `${where}: missing required field '${missing}'`,
        hint: `add '${missing}:' to ${where}`,
        location: locate(path),
      };
    }
    case 'type': {
      const expected = (error.params as { type: string | string[] }).type;
      return {
        message: `${where}: must be ${article(Array.isArray(expected) ? expected.join(' or ') : expected)}, found ${typeOf(error.data)}`,
        hint: expected === 'array' ? 'use a YAML list, e.g. [a, b] or one "- item" per line' : `write ${article(String(expected))} here`,
        location: locate(path),
      };
    }
    case 'pattern': {
      const pattern = (error.params as { pattern: string }).pattern;
      const isPointer = pattern.startsWith('^(/');
      return {
        message: `${where}: ${JSON.stringify(error.data)} is not ${isPointer ? 'a JSON pointer' : 'in the expected format'}`,
        hint: isPointer
          ? 'write a JSON pointer into the event, starting with /, e.g. /detail/orderId'
          : describePattern(pattern),
        location: locate(path),
      };
    }
    case 'propertyNames': {
      return { message: `${where}: ${error.message ?? 'invalid key'}`, location: locate(path) };
    }
    default:
      return {
        message: `${where}: ${error.message ?? 'is invalid'}`,
        location: locate(path),
      };
  }
}

function describePattern(pattern: string): string {
  if (pattern.includes('\\d{12}')) return 'an AWS account id is 12 digits; quote it: "123456789012"';
  if (pattern.includes('[a-z]{2}(-[a-z]+)+-\\d')) return 'write an AWS region such as eu-west-1';
  if (pattern.includes('A-Za-z0-9._-')) return 'use letters, digits, ".", "_" and "-" (at most 64 characters)';
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return 'write a date as YYYY-MM-DD';
  return `must match ${pattern}`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
