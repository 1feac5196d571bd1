import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'validate',
  summary: 'check the manifest and every file it references',
  description:
    'Checks the manifest against its JSON Schema, then every schema file it references (parses, meta-validates for its draft) and the approval policy.',
  examples: ['eventctl validate', 'eventctl validate -m platform/eventctl.yaml --format json'],
  async run(ctx) {
    const { validatePlatform } = await import('../src/manifest/validate-platform.js');
    return validatePlatform(ctx);
  },
});
