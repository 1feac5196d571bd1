import { Chalk, type ChalkInstance } from 'chalk';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { decideColorLevel } from './io/color.js';
import { isCi, writeOutput, type Io } from './io/terminal.js';
import type { LoadedManifest } from './manifest/model.js';
import type { Severity } from './report/finding.js';
import { FORMAT_NAMES, type FormatName } from './report/format-name.js';

/** Options every command receives (docs/architecture.md, "Commands and options"). */
export interface GlobalOptions {
  manifest: string;
  format: FormatName;
  output?: string;
  failOn: Severity;
  color?: boolean;
  verbose: boolean;
  /** AWS commands only. */
  profile?: string;
  region?: string;
  endpointUrl?: string;
  /** `--env`: the manifest environment whose accounts x regions a fan-out command reads. */
  environment?: string;
}

/** Everything a command may use; pure code gets parts of it, never the whole. */
export interface CommandContext {
  global: GlobalOptions;
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The clock, as a parameter: tests inject a fixed time. */
  now(): Date;
  /** Colour for text written to stdout (follows stdout's TTY-ness and flags). */
  color: ChalkInstance;
  /** Colour for stderr (progress, warnings, errors). */
  errColor: ChalkInstance;
  /** True only when a person can answer a prompt: TTY stdin and stderr, not CI, not JSON. */
  interactive: boolean;
  /** Writes the command's data to `-o` or stdout. */
  emit(text: string): void;
  /** A warning line on stderr. */
  warn(message: string): void;
  /** An informational line on stderr (never stdout, so pipes stay clean). */
  info(message: string): void;
  /** Resolves a path the user typed, relative to the working directory. */
  resolvePath(path: string): string;
  /** Loads and validates `--manifest` (cached per run). */
  loadManifest(): Promise<LoadedManifest>;
}

export interface ContextInput {
  global: GlobalOptions;
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
}

export function createContext(input: ContextInput): CommandContext {
  const { global, io, env, cwd } = input;
  if (!FORMAT_NAMES.includes(global.format)) {
    throw new UsageError(`unknown --format '${String(global.format)}'`, {
      hint: `use one of: ${FORMAT_NAMES.join(', ')}`,
    });
  }
  const stdoutLevel = global.output
    ? 0
    : decideColorLevel({ flag: global.color, env, isTTY: io.stdoutIsTTY });
  const stderrLevel = decideColorLevel({ flag: global.color, env, isTTY: io.stderrIsTTY });
  const interactive =
    io.stdinIsTTY && io.stderrIsTTY && !isCi(env) && global.format !== 'json';
  let manifestPromise: Promise<LoadedManifest> | undefined;
  const resolvePath = (path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));
  const errColor = new Chalk({ level: stderrLevel });
  return {
    global,
    io,
    env,
    cwd,
    now: input.now ?? (() => new Date()),
    color: new Chalk({ level: stdoutLevel }),
    errColor,
    interactive,
    emit: (text) => writeOutput(io, text, global.output ? resolvePath(global.output) : undefined),
    warn: (message) => io.writeStderr(`${errColor.yellow('warning:')} ${message}\n`),
    info: (message) => io.writeStderr(`${message}\n`),
    resolvePath,
    loadManifest: () => {
      manifestPromise ??= import('./manifest/load.js').then((m) =>
        m.loadManifest(resolvePath(global.manifest), global.manifest),
      );
      return manifestPromise;
    },
  };
}
