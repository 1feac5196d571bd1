import type { CommandContext } from './context.js';
import { FORMAT_NAMES, type FormatName } from './report/format-name.js';

export interface ArgumentSpec {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

export interface OptionSpec {
  /** Commander flags, e.g. `--mode <mode>` or `--yes`. */
  flags: string;
  description: string;
  default?: string | boolean | string[];
  choices?: readonly string[];
  /** Repeatable option collecting values into an array. */
  repeatable?: boolean;
}

/**
 * A subcommand as data: its name (`schema diff` for nested ones), arguments, options, examples,
 * and a `run` that parses nothing itself and returns an exit code (or throws an EventctlError).
 */
export interface CommandSpec {
  name: string;
  summary: string;
  description?: string;
  arguments?: readonly ArgumentSpec[];
  options?: readonly OptionSpec[];
  /** Adds --profile, --region, --endpoint-url. */
  aws?: boolean;
  /** View formats (openmetrics, html, mermaid, dot) this command prints; others are refused. */
  formats?: readonly FormatName[];
  examples?: readonly string[];
  run(ctx: CommandContext, args: string[], options: Record<string, unknown>): Promise<number>;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** Shared option: where a gated command reads the approval policy (never the working tree for a run). */
export const POLICY_REF_OPTION: OptionSpec = {
  flags: '--policy-ref <ref>',
  description: 'git ref to read the approval policy from (default: the default branch)',
};

/** Options every command takes, before or after the subcommand. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '-m, --manifest <file>', description: 'platform manifest (default: EVENTCTL_MANIFEST, else the nearest eventctl.yaml up to the git top level)' },
  { flags: '--format <name>', description: 'output format', choices: FORMAT_NAMES, default: 'text' },
  { flags: '-o, --output <file>', description: 'write the report to a file instead of stdout' },
  { flags: '--fail-on <severity>', description: 'lowest severity that makes the exit code 1', choices: ['error', 'warn', 'info'], default: 'error' },
  { flags: '--color', description: 'force colour' },
  { flags: '--no-color', description: 'disable colour (also NO_COLOR)' },
  { flags: '-v, --verbose', description: 'show stack traces and debug detail', default: false },
];

/** AWS options: on every AWS command, and accepted before the subcommand too. */
export const AWS_OPTIONS = [
  { key: 'profile', flags: '--profile <name>', description: 'AWS profile (also AWS_PROFILE)' },
  { key: 'region', flags: '--region <region>', description: 'AWS region (also AWS_REGION)' },
  { key: 'endpointUrl', flags: '--endpoint-url <url>', description: 'AWS endpoint, e.g. a local emulator (also AWS_ENDPOINT_URL)' },
  { key: 'env', flags: '--env <name>', description: "the manifest's environment: every account x region (also EVENTCTL_ENV)" },
] as const satisfies readonly (OptionSpec & { key: string })[];
