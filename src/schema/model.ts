import { COMPATIBILITY_MODES, type CompatibilityMode, type CompatibilityPolicy } from '../manifest/model.js';
import type { Severity } from '../report/finding.js';

export type Mode = CompatibilityMode;
export type Policy = CompatibilityPolicy;

/**
 * How one change judged in one direction (writer → reader) affects compatibility:
 * `ok` never breaks, `break` always breaks, `strict` breaks only under the STRICT policy
 * (Confluent's LENIENT set relaxes exactly these), `warn` is a keyword the engine cannot judge.
 */
export type Verdict = 'ok' | 'break' | 'strict' | 'warn';

/** A change found by compare(writer, reader); paths are JSON pointers at the use site. */
export interface DirectedChange {
  rule: string;
  verdict: Verdict;
  /** Pointer in the writer schema's coordinates. */
  wPath: string;
  /** Pointer in the reader schema's coordinates. */
  rPath: string;
  /** Values for the message: what the writer had, what the reader has. */
  was?: unknown;
  now?: unknown;
}

/** One change between an old and a new schema, judged in both directions (the public shape). */
export interface SchemaChange {
  rule: string;
  /** JSON pointer, in the new schema's coordinates (or the old one's for what was removed). */
  path: string;
  /** Breaks BACKWARD: a reader on the new schema cannot read every old document. */
  backward: boolean;
  /** Breaks FORWARD: a reader on the old schema cannot read every new document. */
  forward: boolean;
  severity: Severity;
  message: string;
}

export interface DiffResult {
  compatible: boolean;
  mode: Mode;
  policy: Policy;
  changes: SchemaChange[];
}

export const MODES: readonly Mode[] = COMPATIBILITY_MODES;
export const POLICIES: readonly Policy[] = ['strict', 'lenient'];
