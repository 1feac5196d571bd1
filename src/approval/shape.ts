/**
 * A tiny strict-shape reader for plans, statements and policies: every field is checked, unknown
 * fields are errors, and problems are collected with their JSON pointer instead of thrown one by
 * one. (zod would do; a dependency for ~80 lines is not worth it on the security path.)
 */
export interface ShapeProblem {
  pointer: string;
  message: string;
}

/** C0/C1 controls and bidi overrides: they can hide or reorder what an approver is shown. */
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

export class ShapeReader {
  readonly problems: ShapeProblem[] = [];

  fail(pointer: string, message: string): void {
    this.problems.push({ pointer: pointer || '/', message });
  }

  /** A plain object with only `allowed` keys; returns it (or undefined after recording a problem). */
  object(value: unknown, pointer: string, allowed: readonly string[], required: readonly string[] = []): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(pointer, 'must be an object');
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.fail(`${pointer}/${escapePointer(key)}`, `unknown field '${key}' (allowed: ${allowed.join(', ')})`);
    }
    for (const key of required) {
      if (record[key] === undefined) this.fail(`${pointer}/${escapePointer(key)}`, `'${key}' is required`);
    }
    return record;
  }

  string(value: unknown, pointer: string, options: { pattern?: RegExp; patternName?: string; maxLength?: number } = {}): string | undefined {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(pointer, 'must be a non-empty string');
      return undefined;
    }
    if (value.length > (options.maxLength ?? 2048)) {
      this.fail(pointer, `is longer than ${options.maxLength ?? 2048} characters`);
      return undefined;
    }
    if (UNSAFE_TEXT.test(value)) {
      this.fail(pointer, 'contains control or bidirectional-override characters');
      return undefined;
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.fail(pointer, `must be ${options.patternName ?? `a string matching ${options.pattern}`}`);
      return undefined;
    }
    return value;
  }

  optionalString(value: unknown, pointer: string, options: { pattern?: RegExp; patternName?: string; maxLength?: number } = {}): string | undefined {
    return value === undefined ? undefined : this.string(value, pointer, options);
  }

  instant(value: unknown, pointer: string): string | undefined {
    const text = this.string(value, pointer, { pattern: INSTANT, patternName: 'a UTC instant like 2026-11-28T09:30:00Z' });
    if (text !== undefined && Number.isNaN(Date.parse(text))) {
      this.fail(pointer, 'is not a real date');
      return undefined;
    }
    return text;
  }

  integer(value: unknown, pointer: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      this.fail(pointer, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, pointer: string): boolean | undefined {
    if (typeof value !== 'boolean') {
      this.fail(pointer, 'must be true or false');
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, pointer: string, choices: readonly T[]): T | undefined {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      this.fail(pointer, `must be one of: ${choices.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  array(value: unknown, pointer: string, options: { min?: number; max?: number } = {}): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(pointer, 'must be a list');
      return undefined;
    }
    if (value.length < (options.min ?? 0)) {
      this.fail(pointer, `needs at least ${options.min} entr${options.min === 1 ? 'y' : 'ies'}`);
      return undefined;
    }
    if (value.length > (options.max ?? 1000)) {
      this.fail(pointer, `has more than ${options.max ?? 1000} entries`);
      return undefined;
    }
    return value;
  }
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function formatProblems(problems: readonly ShapeProblem[]): string[] {
  return problems.map((p) => `${p.pointer}: ${p.message}`);
}
