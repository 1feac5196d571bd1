/**
 * The one mapping from failures to exit codes (docs/architecture.md, "Errors and exit codes"). Commands throw these or
 * return an exit code; only src/main.ts turns them into process.exitCode.
 */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  refused: 3,
  remote: 4,
  internal: 5,
  aborted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ErrorOptions {
  hint?: string;
  location?: SourceLocation;
  cause?: unknown;
}

export class EventctlError extends Error {
  readonly exitCode: ExitCodeValue = ExitCode.internal;
  readonly code: string = 'E_INTERNAL';
  readonly hint?: string;
  readonly location?: SourceLocation;

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** Bad flags, arguments or combinations of them. */
export class UsageError extends EventctlError {
  override readonly exitCode = ExitCode.usage;
  override readonly code: string = 'E_USAGE';
}

export interface Problem {
  message: string;
  hint?: string;
  location?: SourceLocation;
}

/** A manifest, schema, policy, plan or other input file is wrong; may carry several problems. */
export class InputError extends EventctlError {
  override readonly exitCode = ExitCode.usage;
  override readonly code: string = 'E_INPUT';
  /** Further problems found in the same pass, after the first (which is this error itself). */
  readonly problems: readonly Problem[];
  constructor(message: string, options: ErrorOptions & { problems?: readonly Problem[] } = {}) {
    super(message, options);
    this.problems = options.problems ?? [];
  }

  /** One error carrying every problem, the first as its own message. */
  static fromProblems(problems: readonly Problem[]): InputError {
    const [first, ...rest] = problems;
    if (!first) throw new InternalError('InputError.fromProblems needs at least one problem');
    return new InputError(first.message, { hint: first.hint, location: first.location, problems: rest });
  }
}

/** A safety gate said no: replay or redrive without valid approvals. */
export class RefusedError extends EventctlError {
  override readonly exitCode = ExitCode.refused;
  override readonly code: string = 'E_REFUSED';
  readonly reasons: readonly string[];
  constructor(message: string, reasons: readonly string[] = [], options: ErrorOptions = {}) {
    super(message, options);
    this.reasons = reasons;
  }
}

/** AWS (or git, or another remote) could not be reached or refused access. */
export class RemoteError extends EventctlError {
  override readonly exitCode = ExitCode.remote;
  override readonly code: string = 'E_REMOTE';
  /**
   * AWS gave no answer about the resource (unreachable, throttled or failing, after the SDK's
   * retries): nothing can be concluded about it, so a gate stops with this error instead of
   * treating the resource as missing.
   */
  readonly unanswered: boolean;
  constructor(message: string, options: ErrorOptions & { unanswered?: boolean } = {}) {
    super(message, options);
    this.unanswered = options.unanswered ?? false;
  }
}

/** The user said no or pressed Ctrl-C. */
export class AbortError extends EventctlError {
  override readonly exitCode = ExitCode.aborted;
  override readonly code: string = 'E_ABORTED';
}

/** A bug: something that should not happen. */
export class InternalError extends EventctlError {}

export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof EventctlError ? error.exitCode : ExitCode.internal;
}

/** `file:line:column` prefix for messages, or '' when there is no location. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  return `${location.file}:${location.line}:${location.column}`;
}
