import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh, fish) generated from the command definitions',
  arguments: [{ name: 'shell', description: 'bash, zsh or fish', required: true }],
  examples: ['eval "$(eventctl completion bash)"', 'eventctl completion zsh > "${fpath[1]}/_eventctl"', 'eventctl completion fish | source'],
  async run(ctx, args) {
    const { runCompletion } = await import('../src/completion/run.js');
    return runCompletion(ctx, args[0]);
  },
});
