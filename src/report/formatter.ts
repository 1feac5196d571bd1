import type { ChalkInstance } from 'chalk';
import type { Report, Severity } from './finding.js';

export interface FormatOptions {
  /** Colour injected by the caller; level 0 in tests so output is deterministic. */
  chalk: ChalkInstance;
  failOn: Severity;
  toolVersion: string;
  /** Columns a table may use; undefined: unlimited (not a terminal). */
  width?: number;
}

/** A pure function from a report to the text to write. */
export type Formatter = (report: Report, options: FormatOptions) => string;
