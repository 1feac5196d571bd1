import { EventctlError } from '../errors.js';
import { writeUserFileSync } from './write-user-file.js';

/** The process edges a command may touch; tests give a fake. */
export interface Io {
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Width of the terminal on stdout, when stdout is one. */
  columns?: number;
}

/**
 * The reader of stdout went away (`eventctl … | head`). Thrown by the next write so a command
 * stops early; src/main.ts ends such a run quietly, as a pipeline expects.
 */
export class StdoutClosedError extends EventctlError {
  override readonly code: string = 'E_STDOUT_CLOSED';
}

let stdoutClosed = false;
let pipesGuarded = false;

/** A closed stdout (EPIPE) would otherwise surface as an uncaught 'error' event with a stack trace. */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  process.stdout.on('error', () => {
    stdoutClosed = true;
  });
  // Nowhere is left to report a failing stderr.
  process.stderr.on('error', () => undefined);
}

export function processIo(): Io {
  guardPipes();
  return {
    writeStdout: (text) => {
      if (stdoutClosed) throw new StdoutClosedError('stdout was closed by its reader');
      process.stdout.write(text);
    },
    writeStderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** Writes command output to `-o <file>` or stdout, always newline-terminated. */
export function writeOutput(io: Io, text: string, outputFile: string | undefined, shownAs?: string): void {
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  if (outputFile) {
    writeUserFileSync(outputFile, body, { what: 'output file', shownAs: shownAs ?? outputFile });
  } else {
    io.writeStdout(body);
  }
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return true;
  return Boolean(env.GITHUB_ACTIONS || env.BUILD_NUMBER || env.RUN_ID || env.CONTINUOUS_INTEGRATION);
}
