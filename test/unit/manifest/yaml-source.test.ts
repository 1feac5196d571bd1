import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../../src/manifest/yaml-source.js';
import { inputErrorOf } from '../../support/input-error.js';

const parse = (text: string, forbidAliases = false) => parseYamlSource(text, { displayPath: 'm.yaml', forbidAliases });

const refusal = inputErrorOf;

describe('parseYamlSource', () => {
  const text = [
    'apiVersion: eventctl/v1', //           1
    'consumers:', //                        2
    '  - name: billing', //                 3
    '    class: "operatinal"', //           4
    '    subscribes: [a, b]', //            5
    '  - { name: read, class: projection }', // 6
    'runbooks:', //                         7
    '  dlq: docs/dlq.md', //                8
    "  'a/b': x", //                        9
  ].join('\n');
  const source = parse(text);

  it('keeps YAML 1.2 core types (dates and yes/no stay strings)', () => {
    expect(parse('d: 2027-06-30\nx: yes\nn: 12\n').value).toEqual({ d: '2027-06-30', x: 'yes', n: 12 });
  });

  it('locates values in block and flow style, quoted scalars at the quote', () => {
    expect(source.locate('/consumers/0/class')).toEqual({ file: 'm.yaml', line: 4, column: 12 });
    expect(source.locate('/consumers/0/subscribes/1')).toMatchObject({ line: 5, column: 21 });
    expect(source.locate('/consumers/1/class')).toMatchObject({ line: 6, column: 26 });
    expect(source.locate('/runbooks/a~1b')).toMatchObject({ line: 9, column: 10 });
  });

  it('locates a key when asked, and the nearest ancestor for a missing pointer', () => {
    expect(source.locate('/runbooks/dlq', { key: true })).toMatchObject({ line: 8, column: 3 });
    expect(source.locate('/consumers/0/queue')).toMatchObject({ line: 3, column: 5 });
    expect(source.locate('/nothing/here')).toMatchObject({ line: 1, column: 1 });
  });

  it('refuses duplicate keys and custom tags at their line', () => {
    const dup = refusal(() => parse('a: 1\nb: 2\na: 3\n'));
    expect(dup.message).toMatch(/duplicat/);
    expect(dup.location?.line).toBe(3);
    expect(refusal(() => parse('a: !secret x\n')).message).toMatch(/tag/);
  });

  it('refuses several documents in one file', () => {
    expect(refusal(() => parse('a: 1\n---\nb: 2\n')).message).toContain('multiple YAML documents (2)');
  });

  it('refuses too many aliases, and a bomb that stays under the alias count', () => {
    const levels = ['l0: &l0 [x, x]'];
    for (let i = 1; i < 25; i += 1) levels.push(`l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
    const sneaky = refusal(() => parse(`${levels.join('\n')}\n`));
    expect(sneaky.message).toMatch(/expand/);
    const many = Array.from({ length: 60 }, (_, i) => `k${i}: *a`).join('\n');
    expect(refusal(() => parse(`base: &a 1\n${many}\n`)).message).toMatch(/alias/);
    expect(parse('base: &a [1, 2]\ncopy: *a\n').value).toEqual({ base: [1, 2], copy: [1, 2] });
  });

  it('refuses any anchor or alias when the file forbids them', () => {
    const error = refusal(() => parse('base: &a 1\ncopy: *a\n', true));
    expect([error, ...error.problems].map((p) => p.message)).toEqual([
      'YAML anchor &a is not allowed in this file',
      'YAML alias *a is not allowed in this file',
    ]);
    const anchorOnly = refusal(() => parse('x: 1\nbase: &a 1\n', true));
    expect(anchorOnly.location?.line).toBe(2);
  });
});
