import type { CommandContext } from './context.js';
import type { FormatName } from './report/format-name.js';

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
