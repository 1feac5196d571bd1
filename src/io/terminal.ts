import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

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

export function processIo(): Io {
  return {
    writeStdout: (text) => void process.stdout.write(text),
    writeStderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** Writes command output to `-o <file>` or stdout, always newline-terminated. */
export function writeOutput(io: Io, text: string, outputFile: string | undefined): void {
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  if (outputFile) {
    mkdirSync(dirname(outputFile), { recursive: true });
    writeFileSync(outputFile, body);
  } else {
    io.writeStdout(body);
  }
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return true;
  return Boolean(env.GITHUB_ACTIONS || env.BUILD_NUMBER || env.RUN_ID || env.CONTINUOUS_INTEGRATION);
}
