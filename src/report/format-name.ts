import { UsageError } from '../errors.js';

/** Formats every findings report can be written in. */
export const REPORT_FORMAT_NAMES = ['text', 'json', 'markdown', 'sarif', 'junit', 'github'] as const;
export type ReportFormatName = (typeof REPORT_FORMAT_NAMES)[number];

/**
 * Formats only some commands produce (metrics, pictures, a page); a command lists the ones it
 * accepts in `CommandSpec.formats`, and every other command refuses them with a usage error.
 */
export const VIEW_FORMAT_NAMES = ['openmetrics', 'html', 'mermaid', 'dot'] as const;
export type ViewFormatName = (typeof VIEW_FORMAT_NAMES)[number];

export const FORMAT_NAMES = [...REPORT_FORMAT_NAMES, ...VIEW_FORMAT_NAMES] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isViewFormat(format: FormatName): format is ViewFormatName {
  return (VIEW_FORMAT_NAMES as readonly string[]).includes(format);
}

/** The usage error for a view format a command does not produce. */
export function checkViewFormat(format: FormatName, command: string, accepted: readonly FormatName[] = []): void {
  if (isViewFormat(format) && !accepted.includes(format)) {
    const own = accepted.filter(isViewFormat);
    throw new UsageError(`${command} does not print ${format}`, {
      hint: `use one of: ${[...REPORT_FORMAT_NAMES, ...own].join(', ')} (not every command prints every one)`,
    });
  }
}

/** Commands whose output is a view, not findings, print text or JSON only; say so instead of guessing. */
export function requireTextOrJson(format: FormatName, command: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new UsageError(`${command} prints text or json, not ${format}`);
  return format;
}
