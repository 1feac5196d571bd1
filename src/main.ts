import type { Command as CommanderCommand } from 'commander';
import { ExitCode, EventctlError, exitCodeOf, formatLocation, InputError, RefusedError, UsageError, type ExitCodeValue } from './errors.js';
import { AWS_OPTIONS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './define-command.js';
import type { ContextInput } from './context.js';
import { processIo, StdoutClosedError, type Io } from './io/terminal.js';
import { checkViewFormat } from './report/format-name.js';
import { packageVersion } from './version.js';
import { redactUrlPasswords } from './text/redact.js';
import { tableWidth } from './report/table-width.js';
import { wrapCommand, wrapHanging, wrapParagraph } from './text/wrap.js';

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
    const { CommanderError } = await import('commander');
    const program = await loadProgram({ io, env, cwd, now: options.now }, (code) => {
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
    // The reader of a pipe left (`| head`): what it wanted it has; end quietly.
    if (error instanceof StdoutClosedError) return result;
    reportError(io, env, error, verbose);
    return exitCodeOf(error);
  }
  return result;
}

function reportError(rawIo: Io, env: NodeJS.ProcessEnv, error: unknown, verbose: boolean): void {
  // Any message may quote an endpoint URL (ours or the SDK's): never with its password.
  const io = { writeStderr: (text: string) => rawIo.writeStderr(redactUrlPasswords(text)) };
  // Reasons and hints wrap to the terminal; the `eventctl: file:line:col: …` lines stay whole for tools.
  const width = tableWidth(env, rawIo.stdoutIsTTY ? rawIo.columns : undefined);
  if (error instanceof EventctlError) {
    const where = formatLocation(error.location);
    io.writeStderr(`eventctl: ${where ? `${where}: ` : ''}${error.message}\n`);
    if (error instanceof RefusedError) {
      for (const reason of error.reasons) io.writeStderr(`${wrapHanging('  - ', reason, width)}\n`);
    }
    if (error.hint) io.writeStderr(`${wrapHanging('  hint: ', error.hint, width)}\n`);
    if (error instanceof InputError) {
      for (const problem of error.problems) {
        const at = formatLocation(problem.location);
        io.writeStderr(`eventctl: ${at ? `${at}: ` : ''}${problem.message}\n`);
        if (problem.hint) io.writeStderr(`${wrapHanging('  hint: ', problem.hint, width)}\n`);
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

/**
 * Every command of the program as its words (`['replay', 'plan']`), groups included and the root
 * as `[]`, walked from the commander program itself: how tests reach every help page.
 */
export async function commandPaths(): Promise<string[][]> {
  const silent: Io = { writeStdout: () => undefined, writeStderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false };
  const program = await loadProgram({ io: silent, env: {}, cwd: process.cwd() }, () => undefined);
  const walk = (command: CommanderCommand, path: string[]): string[][] => [
    path,
    ...command.commands.flatMap((child) => walk(child, [...path, child.name()])),
  ];
  return walk(program, []);
}

async function loadProgram(edges: Edges, setExit: (code: ExitCodeValue) => void): Promise<CommanderCommand> {
  const { Command, Option } = await import('commander');
  const { COMMANDS } = await import('../commands/index.js');
  return buildProgram({ Command, Option }, COMMANDS, edges, setExit);
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
  // Help fits the terminal (COLUMNS when set, as tables do) and 80 columns when there is none.
  const helpWidth = tableWidth(edges.env, io.stdoutIsTTY ? io.columns : undefined) ?? 80;
  const output = {
    writeOut: (text: string) => io.writeStdout(text),
    writeErr: (text: string) => io.writeStderr(text),
    getOutHelpWidth: () => helpWidth,
    getErrHelpWidth: () => helpWidth,
  };
  const program = new Command('eventctl')
    .description('Governance for event-heavy AWS platforms: schema compatibility, consumer roles, lag, DLQs and approved replays.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `eventctl --help` for usage)')
    .configureOutput(output)
    // Descriptions wrap even beside long option names on a narrow terminal (commander stops at 40 columns).
    .configureHelp({ showGlobalOptions: true, minWidthToWrap: 20 });
  for (const spec of GLOBAL_OPTIONS) program.addOption(toOption(Option, spec));
  // AWS options are also accepted before the subcommand (`eventctl --region x lag`); hidden here
  // because only AWS commands take them, and those list them in their own help.
  for (const spec of AWS_OPTIONS) program.addOption(new Option(spec.flags, spec.description).hideHelp());
  program.addHelpText('after', () =>
    [
      '',
      wrapParagraph('Exit codes: 0 ok, 1 findings/breaking/SLO breach, 2 usage or input error, 3 refused by a safety gate, 4 AWS unreachable or access denied, 5 internal error, 130 aborted.', helpWidth, ''),
      '',
      examplesHelp(ROOT_EXAMPLES, helpWidth),
      '',
      wrapParagraph('Global options go before or after the command; AWS commands also take --profile, --region and --endpoint-url on either side.', helpWidth, ''),
    ].join('\n'),
  );

  const groups = new Map<string, CommanderCommand>();
  for (const spec of commands) {
    const words = spec.name.split(' ');
    let parent: CommanderCommand = program;
    for (let i = 0; i < words.length - 1; i += 1) {
      const key = words.slice(0, i + 1).join(' ');
      let group = groups.get(key);
      if (!group) {
        group = parent.command(words[i]!).description(groupDescription(key)).exitOverride().showSuggestionAfterError(true);
        group.configureOutput(output);
        groups.set(key, group);
      }
      parent = group;
    }
    const leaf = parent.command(words[words.length - 1]!).description(spec.description ?? spec.summary).summary(spec.summary);
    leaf.exitOverride().configureOutput(output);
    for (const arg of spec.arguments ?? []) {
      const name = `${arg.name}${arg.variadic ? '...' : ''}`;
      leaf.argument(arg.required ? `<${name}>` : `[${name}]`, arg.description);
    }
    for (const opt of spec.options ?? []) leaf.addOption(toOption(Option, opt));
    if (spec.aws) {
      for (const aws of AWS_OPTIONS) leaf.option(aws.flags, aws.description);
    }
    if (spec.examples?.length) {
      const examples = spec.examples;
      leaf.addHelpText('after', () => `\n${examplesHelp(examples, helpWidth)}`);
    }
    leaf.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as CommanderCommand;
      const opts = command.optsWithGlobals() as Record<string, unknown>;
      const positional = command.processedArgs.flatMap((value: unknown) =>
        value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [String(value)],
      );
      if (!spec.aws) {
        const misplaced = AWS_OPTIONS.map((o) => o.key).filter((key) => opts[key] !== undefined);
        if (misplaced.length > 0) {
          throw new UsageError(`${spec.name} does not talk to AWS: ${misplaced.map((k) => `--${kebab(k)}`).join(', ')} does not apply`);
        }
      }
      const { createContext } = await import('./context.js');
      const global: ContextInput['global'] = {
        manifest: opts.manifest as string | undefined,
        format: opts.format as ContextInput['global']['format'],
        output: opts.output as string | undefined,
        failOn: opts.failOn as ContextInput['global']['failOn'],
        color: opts.color as boolean | undefined,
        verbose: Boolean(opts.verbose),
        profile: opts.profile as string | undefined,
        region: opts.region as string | undefined,
        endpointUrl: opts.endpointUrl as string | undefined,
        environment: opts.env as string | undefined,
      };
      checkViewFormat(global.format, spec.name, spec.formats);
      const ctx = createContext({ global, io: edges.io, env: edges.env, cwd: edges.cwd, now: edges.now, commands });
      let code: number;
      try {
        code = await spec.run(ctx, positional, command.opts() as Record<string, unknown>);
      } catch (error) {
        if (error instanceof InputError) {
          // Input errors are findings too: annotations, SARIF, JSON… on stdout; the line on stderr stays.
          const { emitInputError } = await import('./report/input-findings.js');
          await emitInputError(ctx, spec.name, error).catch(() => undefined);
        }
        throw error;
      }
      setExit(code as ExitCodeValue);
    });
  }
  return program;
}

function toOption(Option: CommanderModule['Option'], spec: OptionSpec): import('commander').Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  return option;
}

const ROOT_EXAMPLES = [
  'eventctl validate -m fixtures/platform/eventctl.yaml',
  'eventctl lint --format github',
  'eventctl schema check --against origin/main',
  'eventctl lag --watch',
];

/** An `Examples:` block: each example a command the reader may paste, wrapped between arguments. */
function examplesHelp(examples: readonly string[], width: number): string {
  return ['Examples:', ...examples.map((e) => wrapCommand(e, width))].join('\n');
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const GROUPS: Record<string, string> = {
  schema: 'schema compatibility: diff two schemas, check every topic against a git ref',
  dlq: 'dead-letter queues: list, inspect, redrive',
  replay: 'archive replays under signed approvals: plan, approve, verify, run, status, cancel',
  key: 'approval signing keys',
  policy: 'approval policy checks',
  sandbox: 'a local emulator copy of the platform',
  export: 'the platform in other tools\' formats: AsyncAPI',
};

function groupDescription(key: string): string {
  return GROUPS[key] ?? key;
}

/** Entry for bin/eventctl.js: the only place that sets process.exitCode. */
export async function main(): Promise<void> {
  process.exitCode = await run({ argv: process.argv.slice(2) });
}
