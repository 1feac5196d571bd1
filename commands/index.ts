import type { CommandSpec } from '../src/define-command.js';
// One import and one entry per subcommand, sorted by name. Command files are thin:
// heavy modules load inside run() with await import().
import lint from './lint.js';
import validate from './validate.js';

export const COMMANDS: readonly CommandSpec[] = [
  lint,
  validate,
];
