import type { Command as CommanderCommand } from 'commander';
import { ExitCode, EventctlError, exitCodeOf, formatLocation, InputError, RefusedError, type ExitCodeValue } from './errors.js';
import type { CommandSpec } from './define-command.js';
import type { GlobalOptions } from './context.js';
import { processIo, type Io } from './io/terminal.js';
import { FORMAT_NAMES } from './report/format-name.js';
import { packageVersion } from './version.js';

export interface RunOptions {
  argv: string[];
  io?: Io;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  now?: () => Date;
}

const ISSUES_URL = 'https://github.com/eventctl/eventctl/issues';

/**
 * Runs the CLI and returns its exit code. The single place where errors become exit codes;
 * nothing here or below ends the process itself.
 */
export async function run(options: RunOptions): Promise<ExitCodeValue> {
  const io = options.io ?? processIo();
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const argv = options.argv;
  const verbose = argv.includes('-v') || argv.includes('--verbose');

  // Fast path: `--version` needs neither commander nor any command module.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.writeStdout(`${packageVersion()}\n`);
    return ExitCode.ok;
  }

  let result: ExitCodeValue = ExitCode.ok;
  try {
    const { Command, CommanderError, Option } = await import('commander');
    const { COMMANDS } = await import('../commands/index.js');
    const program = buildProgram({ Command, Option }, COMMANDS, { io, env, cwd, now: options.now }, (code) => {
      result = code;
    });
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) {
        if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
          return ExitCode.ok;
        }
        if (error.code === 'commander.executeSubCommandAsync') return ExitCode.ok;
        return ExitCode.usage;
      }
      throw error;
    }
  } catch (error) {
    reportError(io, env, error, verbose);
    return exitCodeOf(error);
  }
  return result;
}

function reportError(io: Io, _env: NodeJS.ProcessEnv, error: unknown, verbose: boolean): void {
  if (error instanceof EventctlError) {
    const where = formatLocation(error.location);
    io.writeStderr(`eventctl: ${where ? `${where}: ` : ''}${error.message}\n`);
    if (error instanceof RefusedError) {
      for (const reason of error.reasons) io.writeStderr(`  - ${reason}\n`);
    }
    if (error.hint) io.writeStderr(`  hint: ${error.hint}\n`);
    if (error instanceof InputError) {
      for (const problem of error.problems) {
        const at = formatLocation(problem.location);
        io.writeStderr(`eventctl: ${at ? `${at}: ` : ''}${problem.message}\n`);
        if (problem.hint) io.writeStderr(`  hint: ${problem.hint}\n`);
      }
    }
    if (error.exitCode === ExitCode.internal) {
      io.writeStderr(`  eventctl ${packageVersion()} hit a bug; please report it at ${ISSUES_URL}\n`);
    }
    if (verbose && error.stack) io.writeStderr(`${error.stack}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.writeStderr(`eventctl: internal error: ${message}\n`);
  io.writeStderr(`  eventctl ${packageVersion()} hit a bug; please report it at ${ISSUES_URL} (re-run with --verbose for details)\n`);
  if (verbose && error instanceof Error && error.stack) io.writeStderr(`${error.stack}\n`);
}

interface CommanderModule {
  Command: typeof import('commander').Command;
  Option: typeof import('commander').Option;
}

interface Edges {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
}

function buildProgram(
  { Command, Option }: CommanderModule,
  commands: readonly CommandSpec[],
  edges: Edges,
  setExit: (code: ExitCodeValue) => void,
): CommanderCommand {
  const { io } = edges;
  const program = new Command('eventctl')
    .description('Governance for event-heavy AWS platforms: schema compatibility, consumer roles, lag, DLQs and approved replays.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `eventctl --help` for usage)')
    .configureOutput({
      writeOut: (text) => io.writeStdout(text),
      writeErr: (text) => io.writeStderr(text),
    })
    .option('-m, --manifest <file>', 'platform manifest', 'eventctl.yaml')
    .addOption(new Option('--format <name>', 'output format').choices(FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1').choices(['error', 'warn', 'info']).default('error'))
    .option('--color', 'force colour')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('-v, --verbose', 'show stack traces and debug detail', false)
    .addHelpText('after', `
Exit codes: 0 ok, 1 findings/breaking/SLO breach, 2 usage or input error,
3 refused by a safety gate, 4 AWS unreachable or access denied, 5 internal error, 130 aborted.

Examples:
  eventctl validate -m fixtures/platform/eventctl.yaml
  eventctl lint --format github
  eventctl schema check --against origin/main
  eventctl lag --watch`);

  const groups = new Map<string, CommanderCommand>();
  for (const spec of commands) {
    const words = spec.name.split(' ');
    let parent: CommanderCommand = program;
    for (let i = 0; i < words.length - 1; i += 1) {
      const key = words.slice(0, i + 1).join(' ');
      let group = groups.get(key);
      if (!group) {
        group = parent.command(words[i]!).description(groupDescription(key)).exitOverride().showSuggestionAfterError(true);
        group.configureOutput({ writeOut: (t) => io.writeStdout(t), writeErr: (t) => io.writeStderr(t) });
        groups.set(key, group);
      }
      parent = group;
    }
    const leaf = parent.command(words[words.length - 1]!).description(spec.description ?? spec.summary).summary(spec.summary);
    leaf.exitOverride().configureOutput({ writeOut: (t) => io.writeStdout(t), writeErr: (t) => io.writeStderr(t) });
    for (const arg of spec.arguments ?? []) {
      const name = `${arg.name}${arg.variadic ? '...' : ''}`;
      leaf.argument(arg.required ? `<${name}>` : `[${name}]`, arg.description);
    }
    for (const opt of spec.options ?? []) {
      const option = new Option(opt.flags, opt.description);
      if (opt.choices) option.choices(opt.choices);
      if (opt.default !== undefined) option.default(opt.default);
      if (opt.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
      leaf.addOption(option);
    }
    if (spec.aws) {
      leaf.option('--profile <name>', 'AWS profile (also AWS_PROFILE)');
      leaf.option('--region <region>', 'AWS region (also AWS_REGION)');
      leaf.option('--endpoint-url <url>', 'AWS endpoint, e.g. a local emulator (also AWS_ENDPOINT_URL)');
      leaf.option('--env <name>', "the manifest's environment: every account x region (also EVENTCTL_ENV)");
    }
    if (spec.examples?.length) {
      leaf.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
    }
    leaf.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as CommanderCommand;
      const opts = command.optsWithGlobals() as Record<string, unknown>;
      const positional = command.processedArgs.flatMap((value: unknown) =>
        value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [String(value)],
      );
      const { createContext } = await import('./context.js');
      const global: GlobalOptions = {
        manifest: String(opts.manifest ?? 'eventctl.yaml'),
        format: opts.format as GlobalOptions['format'],
        output: opts.output as string | undefined,
        failOn: opts.failOn as GlobalOptions['failOn'],
        color: opts.color as boolean | undefined,
        verbose: Boolean(opts.verbose),
        profile: opts.profile as string | undefined,
        region: opts.region as string | undefined,
        endpointUrl: opts.endpointUrl as string | undefined,
        environment: opts.env as string | undefined,
      };
      const ctx = createContext({ global, io: edges.io, env: edges.env, cwd: edges.cwd, now: edges.now });
      const code = await spec.run(ctx, positional, command.opts() as Record<string, unknown>);
      setExit(code as ExitCodeValue);
    });
  }
  return program;
}

const GROUPS: Record<string, string> = {
  schema: 'schema compatibility: diff two schemas, check every topic against a git ref',
  dlq: 'dead-letter queues: list, inspect, redrive',
  replay: 'archive replays under signed approvals: plan, approve, verify, run, status, cancel',
  key: 'approval signing keys',
  policy: 'approval policy checks',
  sandbox: 'a local emulator copy of the platform',
};

function groupDescription(key: string): string {
  return GROUPS[key] ?? key;
}

/** Entry for bin/eventctl.js: the only place that sets process.exitCode. */
export async function main(): Promise<void> {
  process.exitCode = await run({ argv: process.argv.slice(2) });
}
