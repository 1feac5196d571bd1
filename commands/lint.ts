import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'lint',
  summary: 'check consumer roles, schema keys, replay safety, routing and operations in the manifest',
  description:
    'Runs the lint rules (eventctl rules lists them) over the manifest and its schemas. Rules, severities, overrides and waivers come from the manifest\'s lint: block (default preset: recommended). Each finding points at the manifest line of the offending entry. Exit 1 when a finding is at or above --fail-on.',
  examples: [
    'eventctl lint',
    'eventctl lint --format github',
    'eventctl lint --format sarif -o eventctl.sarif',
    'eventctl lint --fail-on warn --format json | jq .summary',
  ],
  async run(ctx) {
    const { lintCommand } = await import('../src/lint/lint-command.js');
    return lintCommand(ctx);
  },
});
