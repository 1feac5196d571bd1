import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/run-cli.js';

/**
 * The layering rules of docs/architecture.md, checked on every file under src/ and commands/.
 * Imports are read with the TypeScript parser, so `import type` (erased at runtime), static value
 * imports and `await import()` are told apart.
 */
type Kind = 'static' | 'type' | 'dynamic';

interface Edge {
  from: string; // repository-relative file, e.g. src/live/lag-run.ts
  spec: string; // as written
  target: string; // repository-relative file for relative imports, else the package or node: name
  kind: Kind;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(REPO_ROOT, join(e.parentPath, e.name)))
    .sort();
}

function packageName(spec: string): string {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every import of one file: static, type-only and dynamic, re-exports included. */
export function importsOf(file: string, text: string): Edge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const add = (spec: string, kind: Kind) => {
    const target = spec.startsWith('.') ? relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), spec)).replace(/\.js$/, '.ts') : packageName(spec);
    edges.push({ from: file, spec, target, kind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly ? 'type' : 'static');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, 'dynamic');
      else edges.push({ from: file, spec: '<computed>', target: '<computed>', kind: 'dynamic' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, 'type');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const FILES = [...sourceFiles('src'), ...sourceFiles('commands')];
const TEXT = new Map(FILES.map((f) => [f, readFileSync(join(REPO_ROOT, f), 'utf8')]));
const EDGES = FILES.flatMap((f) => importsOf(f, TEXT.get(f)!));
const runtime = (e: Edge) => e.kind !== 'type';
const under = (path: string, ...dirs: string[]) => dirs.some((d) => path === d || path.startsWith(`${d}/`));
const show = (edges: Edge[]) => edges.map((e) => `${e.from} → ${e.spec} (${e.kind})`);

/** Pure cores: parsing, diffing, linting, scoring, rendering, approval verification. */
const PURE_CORES = ['src/report', 'src/text', 'src/lint', 'src/schema', 'src/manifest', 'src/review', 'src/approval'];
/** The only files that run git or ssh-keygen. */
const CHILD_PROCESS_EDGES = ['src/schema/git.ts', 'src/approval/policy-source.ts', 'src/approval/sshsig.ts'];

describe('layering (docs/architecture.md)', () => {
  it('reads the imports it checks (static, type-only, dynamic)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    const sample = importsOf('src/x/y.ts', "import type { A } from '../aws/sqs.js';\nimport { b } from 'chalk';\nexport { c } from './c.js';\nconst m = await import('@aws-sdk/client-sqs');\nlet t: import('../live/z.js').T;\n");
    expect(sample.map((e) => [e.target, e.kind])).toEqual([
      ['src/aws/sqs.ts', 'type'],
      ['chalk', 'static'],
      ['src/x/c.ts', 'static'],
      ['@aws-sdk/client-sqs', 'dynamic'],
      ['src/live/z.ts', 'type'],
    ]);
    expect(EDGES.some((e) => e.target === '@aws-sdk/client-sqs')).toBe(true);
  });

  it('every relative import resolves to a file inside src/ or commands/', () => {
    const bad = EDGES.filter((e) => e.spec === '<computed>' || (e.spec.startsWith('.') && (!under(e.target, 'src', 'commands') || !existsSync(join(REPO_ROOT, e.target)))));
    expect(show(bad)).toEqual([]);
  });

  it('only src/aws imports the AWS SDK (@aws-sdk/*, @smithy/*)', () => {
    const bad = EDGES.filter((e) => /^@(aws-sdk|smithy)\//.test(e.target) && !under(e.from, 'src/aws'));
    expect(show(bad)).toEqual([]);
  });

  it('outside src/aws, src/aws is reached only by `await import()` from src/live or src/ops (types are free)', () => {
    const bad = EDGES.filter((e) => under(e.target, 'src/aws') && !under(e.from, 'src/aws') && runtime(e) && !(e.kind === 'dynamic' && under(e.from, 'src/live', 'src/ops')));
    expect(show(bad)).toEqual([]);
  });

  it('src/aws depends only on the SDK, Node, src/errors and pure helpers (never on commands, live or the CLI)', () => {
    const allowed = (t: string) => !t.startsWith('src/') || under(t, 'src/aws') || t === 'src/errors.ts' || t === 'src/ops/arn.ts';
    const bad = EDGES.filter((e) => under(e.from, 'src/aws') && runtime(e) && !allowed(e.target));
    expect(show(bad)).toEqual([]);
  });

  it('pure cores never import src/aws, src/live or src/ops/redrive (I/O), even as types; src/review reaches live data only by `await import()`', () => {
    const bad = EDGES.filter((e) => under(e.from, ...PURE_CORES) && under(e.target, 'src/aws', 'src/live', 'src/ops/redrive') && !(e.from.startsWith('src/review/') && e.kind !== 'static'));
    expect(show(bad)).toEqual([]);
  });

  it(`node:child_process only in ${CHILD_PROCESS_EDGES.join(', ')}`, () => {
    const bad = EDGES.filter((e) => e.target === 'node:child_process' && !CHILD_PROCESS_EDGES.includes(e.from));
    expect(show(bad)).toEqual([]);
    // src/report renders; it never touches files, processes or the network.
    expect(show(EDGES.filter((e) => under(e.from, 'src/report') && /^node:(fs|child_process|net|http|https)/.test(e.target)))).toEqual([]);
  });

  it('commands/ are thin: statically only define-command (and index.ts its siblings); the work module by `await import()` of src', () => {
    const bad = EDGES.filter((e) => {
      if (!e.from.startsWith('commands/')) return false;
      if (e.target === 'src/define-command.ts' && e.kind !== 'dynamic') return false;
      if (e.from === 'commands/index.ts' && e.target.startsWith('commands/') && e.kind !== 'dynamic') return false;
      return !(e.kind === 'dynamic' && under(e.target, 'src') && !under(e.target, 'src/aws'));
    });
    expect(show(bad)).toEqual([]);
    const dynamicWork = new Set(EDGES.filter((e) => e.from.startsWith('commands/') && e.kind === 'dynamic').map((e) => e.from));
    const commandFiles = FILES.filter((f) => f.startsWith('commands/') && f !== 'commands/index.ts');
    expect(commandFiles.filter((f) => !dynamicWork.has(f))).toEqual([]);
  });

  it('only src/main.ts reaches commands/, and only by `await import()`', () => {
    const bad = EDGES.filter((e) => e.target.startsWith('commands/') && !e.from.startsWith('commands/') && !(e.from === 'src/main.ts' && e.kind === 'dynamic'));
    expect(show(bad)).toEqual([]);
  });

  it('src/errors.ts is a leaf: it imports nothing of the project', () => {
    expect(show(EDGES.filter((e) => e.from === 'src/errors.ts' && e.spec.startsWith('.')))).toEqual([]);
  });

  it('only src/main.ts sets the exit code, and nothing calls process.exit()', () => {
    const code = (f: string) => TEXT.get(f)!.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(FILES.filter((f) => /process\.exit\s*\(/.test(code(f)))).toEqual([]);
    expect(FILES.filter((f) => f !== 'src/main.ts' && /process\.exitCode\s*=[^=]/.test(code(f)))).toEqual([]);
  });
});
