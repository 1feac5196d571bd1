import Table from 'cli-table3';
import { visibleLength, wrapText } from '../text/wrap.js';

// The wrap helpers live in src/text (help pages use them without loading cli-table3); kept importable from here.
export { wrapParagraph, wrapText } from '../text/wrap.js';

/**
 * The one table style of eventctl: borderless columns two spaces apart (kubectl-like), laid out by
 * cli-table3, fitted to a width. Cells are wrapped here (not by cli-table3) so a long path breaks
 * instead of being cut, and styles are applied after wrapping so colour never counts as width.
 */

/** A cell: plain text, or parts that each start on a new line with their own style (a hint under a message). */
export type TableCell = string | readonly StyledText[];

export interface StyledText {
  text: string;
  style?: (line: string) => string;
}

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** May be narrowed, its text wrapped onto several lines. */
  wrap?: boolean;
  /** Narrowest a wrapped column gets (default 12). */
  minWidth?: number;
  /** Low-value column: dropped when the table cannot fit otherwise. Higher drops first. */
  drop?: number;
  /** Style for every line of this column's plain-string cells (e.g. status colour by value). */
  style?: (text: string) => string;
}

export interface TableOptions {
  /** Columns the table may use; undefined means unlimited (stdout is not a terminal). */
  width?: number;
  /** Whether headers are bold (colour on). */
  boldHeader?: (text: string) => string;
}

const GAP = 2;
const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: ' '.repeat(GAP),
};

export function renderTable(columns: readonly TableColumn[], rows: ReadonlyArray<readonly TableCell[]>, options: TableOptions = {}): string {
  const parts = rows.map((row) => columns.map((_, i) => toParts(row[i] ?? '')));
  const natural = columns.map((col, i) =>
    Math.max(col.header.length, ...parts.map((row) => Math.max(0, ...row[i]!.flatMap((p) => p.text.split('\n').map(visibleLength))))),
  );
  const widths = fitWidths(columns, natural, options.width);
  const shown = columns.map((_, i) => i).filter((i) => widths[i]! > 0);
  const table = new Table({
    head: shown.map((i) => (options.boldHeader ?? ((s: string) => s))(wrapText(columns[i]!.header, widths[i]!).join('\n'))),
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: shown.map((i) => widths[i]!),
    colAligns: shown.map((i) => columns[i]!.align ?? 'left'),
    wordWrap: false,
  });
  for (const row of parts) {
    table.push(
      shown.map((i) => {
        const col = columns[i]!;
        return row[i]!
          .map((part) => {
            const style = part.style ?? col.style;
            return wrapText(part.text, widths[i]!)
              .map((line) => (style && line !== '' ? style(line) : line))
              .join('\n');
          })
          .join('\n');
      }),
    );
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/**
 * Column widths (0 = dropped) so the table fits `width`: first drop low-value columns while even
 * fully narrowed wrap columns cannot fit, then narrow wrap columns (widest first), and as a last
 * resort narrow every column.
 */
export function fitWidths(columns: readonly TableColumn[], natural: readonly number[], width: number | undefined): number[] {
  const widths = [...natural];
  if (width === undefined) return widths;
  const shown = () => widths.flatMap((w, i) => (w > 0 ? [i] : []));
  const total = () => shown().reduce((sum, i) => sum + widths[i]!, 0) + GAP * Math.max(0, shown().length - 1);
  const floor = (i: number, all: boolean) =>
    columns[i]!.wrap || all ? Math.min(natural[i]!, all ? 3 : (columns[i]!.minWidth ?? 12)) : natural[i]!;
  const tightest = (all: boolean) =>
    shown().reduce((sum, i) => sum + floor(i, all), 0) + GAP * Math.max(0, shown().length - 1);
  const droppable = () =>
    shown()
      .filter((i) => columns[i]!.drop !== undefined)
      .sort((a, b) => columns[b]!.drop! - columns[a]!.drop! || b - a);
  while (tightest(false) > width && droppable().length > 0) widths[droppable()[0]!] = 0;
  const all = tightest(false) > width;
  while (total() > width) {
    const candidates = shown().filter((i) => widths[i]! > floor(i, all));
    if (candidates.length === 0) break;
    const widest = candidates.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
    widths[widest] = widths[widest]! - 1;
  }
  return widths;
}

function toParts(cell: TableCell): readonly StyledText[] {
  return typeof cell === 'string' ? [{ text: cell }] : cell;
}

/** Compatibility shape for callers with plain rows: every column may wrap, the given ones align right. */
export function plainTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned: ReadonlySet<number> = new Set(), width?: number): string {
  return renderTable(
    head.map((header, i) => ({ header, align: rightAligned.has(i) ? 'right' : 'left', wrap: !rightAligned.has(i) })),
    rows,
    { width },
  );
}
