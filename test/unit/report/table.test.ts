import { describe, expect, it } from 'vitest';
import { fitWidths, renderTable, wrapText } from '../../../src/report/table.js';
import { tableWidth } from '../../../src/report/table-width.js';

const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('the one table', () => {
  const columns = [
    { header: 'severity' },
    { header: 'where', wrap: true, minWidth: 20 },
    { header: 'subject', wrap: true, drop: 1 },
    { header: 'message', wrap: true, minWidth: 30 },
  ];
  const rows = [['error', 'fixtures/lint/mixed-roles/eventctl.yaml:34:12', 'consumer orders-sync', "consumer 'orders-sync' mixes the projection and operational roles; split it into one consumer per role"]];

  it('is full width when there is no terminal', () => {
    expect(longest(renderTable(columns, rows))).toBeGreaterThan(150);
  });
  it('never exceeds the width: drops low-value columns, then wraps, keeping every word', () => {
    for (const width of [40, 60, 80, 100]) {
      const text = renderTable(columns, rows, { width });
      expect(longest(text)).toBeLessThanOrEqual(width);
      expect(text.replace(/\s+/g, '')).toContain('fixtures/lint/mixed-roles/eventctl.yaml:34:12'.slice(0, 10));
    }
    expect(renderTable(columns, rows, { width: 70 })).not.toContain('subject');
    expect(renderTable(columns, rows, { width: 200 })).toContain('subject');
  });
  it('fitWidths leaves natural widths when they fit', () => {
    expect(fitWidths(columns, [8, 10, 10, 10], 80)).toEqual([8, 10, 10, 10]);
  });
  it('wraps at spaces and breaks long words after / - :', () => {
    expect(wrapText('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrapText('fixtures/lint/x.yaml:3:4', 12)).toEqual(['fixtures/', 'lint/x.yaml:', '3:4']);
  });
  it('styles apply after wrapping, so colour never counts as width', () => {
    const text = renderTable([{ header: 'A', wrap: true }], [[[{ text: 'one two three', style: (s) => `\x1b[31m${s}\x1b[39m` }]]], { width: 6 });
    // eslint-disable-next-line no-control-regex
    expect(longest(text.replace(/\x1b\[[0-9;]*m/g, ''))).toBeLessThanOrEqual(6);
    expect(text).toContain('\x1b[31mthree\x1b[39m');
  });
  it('width: COLUMNS, else the terminal, else unlimited', () => {
    expect(tableWidth({ COLUMNS: '80' }, 200)).toBe(80);
    expect(tableWidth({}, 120)).toBe(120);
    expect(tableWidth({}, undefined)).toBeUndefined();
    expect(tableWidth({ COLUMNS: 'wide' }, undefined)).toBeUndefined();
  });
});
