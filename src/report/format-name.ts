import { UsageError } from '../errors.js';

export const FORMAT_NAMES = ['text', 'json', 'markdown', 'sarif', 'junit', 'github'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Commands whose output is a view, not findings, print text or JSON only; say so instead of guessing. */
export function requireTextOrJson(format: FormatName, command: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new UsageError(`${command} prints text or json, not ${format}`);
  return format;
}
