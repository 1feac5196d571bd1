import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Io } from '../../src/io/terminal.js';
import { run } from '../../src/main.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * Generated bad manifests and schemas (random YAML/JSON mutations of the example platform, deep
 * nesting, huge strings, hostile patterns and $refs, broken bytes) fed to `validate`, `lint` and
 * `schema diff` through the CLI's own entry point, in process (spawning each would cost a second
 * per case). Every outcome must be a legitimate exit (0, 1) or exit 2 with a message: never 5,
 * never a stack trace, and no case may grow the heap past a bound. Used by
 * test/e2e/fuzz-bad-input.test.ts (a short run) and test/soak/fuzz-bad-input.soak.test.ts.
 */
const FIXTURE = 'fixtures/platform';
const SCHEMA = 'schemas/payment-refunded.json';
/** Heap growth per case that would mean an input is read or expanded without a bound. */
const HEAP_BOUND_BYTES = 512 * 1024 * 1024;

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, max: number) => Math.floor(rng() * max);

const HOSTILE_PATTERNS = ['^(a+)+$', '(?=x)', '(a)\\1', '[', '\\u00e9+', '^[a-z]{1,1000}$', '(?<n>a)', '\\p{L}+', ''];
const HOSTILE_REFS = ['http://example.com/s.json', 'file:///etc/passwd', '../../../etc/passwd', '#/definitions/nope', '#', 'order-placed.json', 'nope.json#/x', '%', 'schemas'];

function hostileValue(rng: Rng): unknown {
  switch (int(rng, 10)) {
    case 0: {
      let deep: unknown = 1;
      for (let i = 0, n = 100 + int(rng, 1400); i < n; i += 1) deep = { properties: { a: deep } };
      return deep;
    }
    case 1:
      return 'x'.repeat(int(rng, 2_000_000));
    case 2:
      return { $ref: pick(rng, HOSTILE_REFS) };
    case 3:
      return { type: 'string', pattern: pick(rng, HOSTILE_PATTERNS) };
    case 4:
      return { patternProperties: { [pick(rng, HOSTILE_PATTERNS)]: { type: 'integer' } }, additionalProperties: false };
    case 5:
      return pick(rng, [null, true, false, 0, -1, 1e308, [], {}, '']);
    case 6:
      return Array.from({ length: int(rng, 5000) }, (_, i) => i);
    case 7:
      return { type: pick(rng, ['strnig', 'object', 'array', 42]), required: pick(rng, [['a', 'a'], 'a', [1]]) };
    case 8:
      return { allOf: [{ $ref: '#' }], anyOf: [] };
    default:
      return { $schema: pick(rng, ['https://json-schema.org/draft/2020-12/schema', 'http://example.com/meta', 7]) };
  }
}

/** Replaces a random node of a JSON value with a hostile one. */
function mutateJsonValue(rng: Rng, root: unknown): unknown {
  if (rng() < 0.1) return hostileValue(rng);
  let node = root as Record<string, unknown>;
  for (let depth = 0; depth < 6; depth += 1) {
    const keys = node && typeof node === 'object' ? Object.keys(node) : [];
    if (keys.length === 0) break;
    const key = pick(rng, keys);
    const child = node[key];
    if (rng() < 0.35 || !child || typeof child !== 'object') {
      node[key] = hostileValue(rng);
      return root;
    }
    node = child as Record<string, unknown>;
  }
  if (node && typeof node === 'object') node[`x${int(rng, 100)}`] = hostileValue(rng);
  return root;
}

/** Text-level damage that no parser should turn into a crash. */
function damageText(rng: Rng, text: string): string | Buffer {
  const at = int(rng, text.length + 1);
  switch (int(rng, 9)) {
    case 0:
      return text.slice(0, at);
    case 7: {
      // Balanced and valid, but deeper than any recursive walker's stack.
      const depth = 2_000 + int(rng, 12_000);
      return `${'{"properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
    }
    case 1:
      return `${text.slice(0, at)}${pick(rng, ['{', '}', '[', ']', ':', ',', '"', "'", '\\', '&a', '*a', '!!binary', '\t', '\u0000', '\u2028', '---\n', '? '])}${text.slice(at)}`;
    case 2: {
      const bytes = Buffer.from(text, 'utf8');
      const pos = int(rng, bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, pos), Buffer.from([pick(rng, [0xff, 0xc0, 0xed, 0x80, 0xf5])]), bytes.subarray(pos)]);
    }
    case 3: {
      const lines = text.split('\n');
      const i = int(rng, lines.length);
      lines.splice(i, 0, lines[int(rng, lines.length)]!); // a duplicated line: duplicate keys
      return lines.join('\n');
    }
    case 4: {
      const lines = text.split('\n');
      lines.splice(int(rng, lines.length), 1 + int(rng, 3));
      return lines.join('\n');
    }
    case 5:
      return `${text.slice(0, at)}${'['.repeat(int(rng, 20_000))}${text.slice(at)}`;
    case 6:
      return text.replace(/ {2}/g, () => (rng() < 0.05 ? ' ' : '  '));
    default:
      return `\ufeff${text}`;
  }
}

const MANIFEST_VALUES = ['~', '[]', '{}', '-1', '1e999', '"\\uD800"', '*nope', '&a x', '!!js/function "f"', 'x'.repeat(100_000), '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]', 'schemas', '../../../etc/passwd', '/dev/zero', 'http://example.com/x.json'];

/** Replaces the value of a random `key: value` line of the manifest. */
function mutateManifestValue(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const candidates = lines.map((line, i) => [line, i] as const).filter(([line]) => /^\s*-?\s*[\w.-]+: \S/.test(line));
  // An earlier mutation may have left no `key: value` line at all: add one.
  if (candidates.length === 0) return `${text}\nplatform: ${pick(rng, MANIFEST_VALUES)}\n`;
  const [line, i] = pick(rng, candidates);
  lines[i] = line.replace(/: .*$/, `: ${pick(rng, MANIFEST_VALUES)}`);
  return lines.join('\n');
}

interface Case {
  description: string;
  manifest?: string | Buffer;
  schema?: string | Buffer;
  argv: string[];
}

function generateCase(rng: Rng, manifestText: string, schemaText: string, index: number): Case {
  const command = pick(rng, [['validate'], ['lint', '--format', 'json'], ['schema', 'diff', 'schemas/payment-refunded.orig.json', SCHEMA], ['schema', 'diff', SCHEMA, 'schemas/payment-refunded.orig.json']]);
  const target = command[0] === 'schema' ? 'schema' : pick(rng, ['manifest', 'schema', 'both']);
  const result: Case = { description: `case ${index}: ${command.join(' ')}`, argv: command };
  if (target !== 'schema') {
    let text: string | Buffer = manifestText;
    for (let n = 1 + int(rng, 2); n > 0; n -= 1) {
      text = typeof text === 'string' && rng() < 0.5 ? mutateManifestValue(rng, text) : damageText(rng, text.toString());
    }
    result.manifest = text;
    result.description += ', mutated manifest';
  }
  if (target !== 'manifest') {
    const structural = rng() < 0.6;
    result.schema = structural ? JSON.stringify(mutateJsonValue(rng, JSON.parse(schemaText)), null, rng() < 0.5 ? 2 : 0) : damageText(rng, schemaText);
    result.description += structural ? ', schema with a hostile node' : ', damaged schema text';
  }
  return result;
}

function captureIo(): { io: Io; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    io: { writeStdout: (t) => void (out += t), writeStderr: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false },
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs `cases` generated cases from `random` and asserts every outcome. */
export async function runBadInputFuzz(cases: number, random: SeededRandom): Promise<void> {
  const repo = mkdtempSync(join(tmpdir(), 'eventctl-fuzz-'));
  try {
    cpSync(FIXTURE, repo, { recursive: true });
    mkdirSync(join(repo, '.git'));
    const manifestText = readFileSync(join(repo, 'eventctl.yaml'), 'utf8');
    const schemaText = readFileSync(join(repo, SCHEMA), 'utf8');
    writeFileSync(join(repo, 'schemas/payment-refunded.orig.json'), schemaText);
    const rng = random.next;
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    for (let index = 0; index < cases; index += 1) {
      const fuzzCase = generateCase(rng, manifestText, schemaText, index);
      writeFileSync(join(repo, 'eventctl.yaml'), fuzzCase.manifest ?? manifestText);
      writeFileSync(join(repo, SCHEMA), fuzzCase.schema ?? schemaText);
      const capture = captureIo();
      const heapBefore = process.memoryUsage().heapUsed;
      const code = await run({ argv: fuzzCase.argv, io: capture.io, cwd: repo, env: { NO_COLOR: '1' }, now: () => new Date('2026-11-30T00:00:00Z') });
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      counts[code] = (counts[code] ?? 0) + 1;
      const stderr = capture.stderr();
      const allowed = fuzzCase.argv[0] === 'validate' ? [0, 2] : [0, 1, 2];
      const problems = [
        !allowed.includes(code) && `exit ${code}`,
        /\n\s+at |internal error|hit a bug/.test(stderr) && 'a stack trace or bug report',
        code === 2 && !/^eventctl: /m.test(stderr) && 'exit 2 without an eventctl: message',
        heapGrowth > HEAP_BOUND_BYTES && `heap grew by ${heapGrowth} bytes`,
      ].filter(Boolean);
      if (problems.length > 0) failures.push(`${fuzzCase.description}: ${problems.join(', ')}\n${stderr.slice(0, 600)}`);
    }
    console.log(`fuzz (seed ${random.seed}, ${cases} cases) exit codes: ${JSON.stringify(counts)}`);
    expect(failures, `seed ${random.seed}`).toEqual([]);
    // The generator must reach the error paths, not only the happy one.
    expect(counts[2] ?? 0).toBeGreaterThan(cases / 4);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
