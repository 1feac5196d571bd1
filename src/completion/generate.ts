import { AWS_OPTIONS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from '../define-command.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** One word of the command tree: a group (`dlq`) or a leaf (`lint`, `dlq list`), with what may follow it. */
interface Node {
  path: string;
  word: string;
  summary: string;
  children: Node[];
  options: string[];
  /** Option values to offer after these flags (--format, --class …). */
  choices: Record<string, readonly string[]>;
}

function longFlags(options: readonly OptionSpec[]): string[] {
  return options.flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-') && !f.startsWith('<')));
}

function choicesOf(options: readonly OptionSpec[]): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const o of options) if (o.choices) for (const f of longFlags([o])) out[f] = o.choices;
  return out;
}

/** The command tree from the command definitions (the same data commander is built from). */
export function commandTree(commands: readonly CommandSpec[]): Node {
  const root: Node = { path: '', word: 'eventctl', summary: '', children: [], options: longFlags(GLOBAL_OPTIONS), choices: choicesOf(GLOBAL_OPTIONS) };
  for (const spec of commands) {
    const words = spec.name.split(' ');
    let parent = root;
    words.forEach((word, i) => {
      const path = words.slice(0, i + 1).join(' ');
      let node = parent.children.find((c) => c.word === word);
      if (!node) {
        node = { path, word, summary: '', children: [], options: [], choices: {} };
        parent.children.push(node);
      }
      if (i === words.length - 1) {
        const own = [...(spec.options ?? []), ...(spec.aws ? AWS_OPTIONS : [])];
        node.summary = spec.summary;
        node.options = [...longFlags(own), ...root.options, '--help'];
        node.choices = { ...root.choices, ...choicesOf(own) };
      }
      parent = node;
    });
  }
  for (const group of root.children) if (group.summary === '') group.summary = `${group.word} commands`;
  root.options.push('--help', '--version');
  return root;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

export function completionScript(shell: Shell, commands: readonly CommandSpec[]): string {
  const tree = commandTree(commands);
  if (shell === 'bash') return bashScript(tree);
  if (shell === 'zsh') return zshScript(tree);
  return fishScript(tree);
}

/** bash: find the deepest command path in the words typed, then offer its subcommands or options. */
function bashScript(tree: Node): string {
  const cases: string[] = [];
  walk(tree, (node) => {
    const words = [...node.children.map((c) => c.word), ...node.options].join(' ');
    const choices = Object.entries(node.choices).map(([flag, values]) => `        ${flag}) COMPREPLY=($(compgen -W ${quote(values.join(' '))} -- "$cur")); return ;;`);
    cases.push(
      `    ${quote(node.path)})`,
      `      case "$prev" in`,
      ...choices,
      `      esac`,
      `      COMPREPLY=($(compgen -W ${quote(words)} -- "$cur")) ;;`,
    );
  });
  return `# eventctl completion for bash: eval "$(eventctl completion bash)"
_eventctl() {
  local cur prev cmdpath="" candidate i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
${commandPathLoop(tree, 1, 'COMP_CWORD', 'COMP_WORDS[i]')}
  case "$cmdpath" in
${cases.join('\n')}
  esac
}
complete -F _eventctl eventctl
`;
}

/**
 * The shell loop (bash and zsh alike) that finds the subcommand typed so far: the longest run of
 * words from `first` that names a command path; a word that does not extend one (an option, a
 * value) is passed over.
 */
function commandPathLoop(tree: Node, first: number, end: string, word: string): string {
  const known = new Set<string>();
  walk(tree, (n) => n.path && known.add(n.path));
  return `  for ((i = ${first}; i < ${end}; i++)); do
    candidate="\${cmdpath:+$cmdpath }\${${word}}"
    case "$candidate" in
      ${[...known].map(quote).join('|')}) cmdpath="$candidate" ;;
    esac
  done`;
}

/** zsh: the same walk, with descriptions for subcommands. */
function zshScript(tree: Node): string {
  const cases: string[] = [];
  walk(tree, (node) => {
    const subs = node.children.map((c) => quote(`${c.word}:${c.summary.replace(/:/g, '\\:')}`)).join(' ');
    const choices = Object.entries(node.choices).map(([flag, values]) => `        ${flag}) compadd -- ${values.map(quote).join(' ')}; return ;;`);
    cases.push(
      `    ${quote(node.path)})`,
      `      case "\${words[CURRENT-1]}" in`,
      ...choices,
      `      esac`,
      subs ? `      local -a subcommands; subcommands=(${subs}); _describe command subcommands` : '      :',
      `      compadd -- ${node.options.map(quote).join(' ')} ;;`,
    );
  });
  return `#compdef eventctl
# eventctl completion for zsh: eval "$(eventctl completion zsh)"
_eventctl() {
  local cmdpath="" candidate i
${commandPathLoop(tree, 2, 'CURRENT', 'words[i]')}
  case "$cmdpath" in
${cases.join('\n')}
  esac
}
compdef _eventctl eventctl
`;
}

/** fish: one `complete` line per subcommand and option, conditioned on the words seen so far. */
function fishScript(tree: Node): string {
  const lines = ['# eventctl completion for fish: eventctl completion fish | source', 'complete -c eventctl -f'];
  const seen = (path: string) => (path === '' ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${path.split(' ').at(-1)}`);
  walk(tree, (node) => {
    for (const child of node.children) lines.push(`complete -c eventctl -n ${quote(seen(node.path))} -a ${quote(child.word)} -d ${quote(child.summary)}`);
    if (node.path === '') return;
    for (const flag of node.options.filter((f) => f.startsWith('--'))) {
      const values = node.choices[flag];
      lines.push(`complete -c eventctl -n ${quote(seen(node.path))} -l ${flag.slice(2)}${values ? ` -xa ${quote(values.join(' '))}` : ''}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
