import type { FormatName } from '../format-name.js';
import type { Formatter } from '../formatter.js';

/** Formatters load lazily by name, so `--format json` never loads cli-table3. */
const LOADERS = {
  text: () => import('./text.js'),
  json: () => import('./json.js'),
  markdown: () => import('./markdown.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
} satisfies Record<FormatName, () => Promise<{ default: Formatter }>>;

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  return (await LOADERS[name]()).default;
}
