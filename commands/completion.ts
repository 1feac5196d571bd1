import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh, fish) generated from the command definitions',
  arguments: [{ name: 'shell', description: 'bash, zsh or fish', required: true }],
  examples: ['eval "$(eventctl completion bash)"', 'eventctl completion zsh > "${fpath[1]}/_eventctl"', 'eventctl completion fish | source'],
  async run(ctx, args) {
    const [{ COMMANDS }, { completionScript, SHELLS }, { UsageError, ExitCode }] = await Promise.all([
      import('./index.js'),
      import('../src/completion/generate.js'),
      import('../src/errors.js'),
    ]);
    const shell = args[0] as (typeof SHELLS)[number];
    if (!SHELLS.includes(shell)) throw new UsageError(`no completion for '${args[0]}'`, { hint: `use one of: ${SHELLS.join(', ')}` });
    ctx.emit(completionScript(shell, COMMANDS));
    return ExitCode.ok;
  },
});
