import { isViewFormat, type FormatName, type ReportFormatName } from '../format-name.js';
import { UsageError } from '../../errors.js';
import type { Formatter } from '../formatter.js';

/** Formatters load lazily by name, so `--format json` never loads cli-table3. */
const LOADERS = {
  text: () => import('./text.js'),
  json: () => import('./json.js'),
  markdown: () => import('./markdown.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
} satisfies Record<ReportFormatName, () => Promise<{ default: Formatter }>>;

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  if (isViewFormat(name)) throw new UsageError(`findings cannot be printed as ${name}`);
  return (await LOADERS[name]()).default;
}
