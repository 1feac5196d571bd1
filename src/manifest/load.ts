import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, type Problem, type SourceLocation } from '../errors.js';
import type { LoadedManifest, LoadedSchema, Manifest } from './model.js';
import { compileManifestValidator } from './manifest-validator.js';
import { problemsFromAjv } from './schema-errors.js';
import { mergeIncludes } from './include.js';
import { checkAccountAliases } from './account-aliases.js';
import { decodePointer, parseYamlSource } from './yaml-source.js';

const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
const MAX_SCHEMA_BYTES = 5 * 1024 * 1024;

/** Nearest directory upward that holds `.git`; the manifest's own directory otherwise. */
export function findRepositoryRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/**
 * Resolves `reference` (as written in the manifest) against `baseDir`, refusing anything that
 * leaves `root` — also through symlinks. Returns the absolute path or throws InputError.
 */
export function resolveInsideRoot(
  reference: string,
  baseDir: string,
  root: string,
  location: SourceLocation,
  what: string,
): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) {
    throw new InputError(`${what} '${reference}' is a URL; eventctl never fetches over the network`, {
      hint: 'commit the file to the repository and reference it by a relative path',
      location,
    });
  }
  const absolute = isAbsolute(reference) ? reference : resolve(baseDir, reference);
  const outside = (path: string) => {
    const rel = relative(root, path);
    return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  if (outside(absolute)) {
    throw new InputError(`${what} '${reference}' is outside the repository root ${root}`, {
      hint: 'reference files inside the repository only, relative to the manifest',
      location,
    });
  }
  if (!existsSync(absolute)) {
    throw new InputError(`${what} '${reference}' does not exist (looked at ${relative(root, absolute) || absolute})`, {
      hint: 'fix the path; it is relative to the manifest file',
      location,
    });
  }
  const real = realpathSync(absolute);
  if (outside(real) && !outside(absolute)) {
    // A symlink inside the repository that points outside it.
    const realRoot = realpathSync(root);
    const rel = relative(realRoot, real);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new InputError(`${what} '${reference}' is a link to a file outside the repository`, {
        hint: 'copy the file into the repository instead of linking to it',
        location,
      });
    }
  }
  return absolute;
}

/** Loads, validates and cross-resolves a manifest; every problem becomes one InputError (exit 2). */
export function loadManifest(path: string, shownAs: string = path): LoadedManifest {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new InputError(`no manifest at ${shownAs}`, {
      hint: 'pass -m <file>, or run eventctl in the directory that holds eventctl.yaml',
    });
  }
  const stat = statSync(file);
  if (stat.isDirectory()) {
    throw new InputError(`${path} is a directory, not a manifest file`, { hint: `try -m ${join(path, 'eventctl.yaml')}` });
  }
  if (stat.size > MAX_MANIFEST_BYTES) {
    throw new InputError(`${path} is ${stat.size} bytes; manifests are capped at ${MAX_MANIFEST_BYTES}`, {
      hint: 'is this the right file?',
    });
  }
  const dir = dirname(file);
  const root = findRepositoryRoot(dir);
  const relativeFile = relative(root, file) || file;
  const text = readFileSync(file, 'utf8');
  const source = parseYamlSource(text, { displayPath: relativeFile });
  const value = source.value;
  const fileLocation: SourceLocation = { file: relativeFile, line: 1, column: 1 };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('the manifest must be a YAML mapping with apiVersion, platform, buses, topics and consumers', {
      hint: 'start from the example in the README (apiVersion: eventctl/v1)',
      location: fileLocation,
    });
  }

  const validate = compileManifestValidator();
  if (!validate(value)) {
    const describe = describeWith(value as Record<string, unknown>);
    throw InputError.fromProblems(problemsFromAjv(validate.errors ?? [], source.locate, describe));
  }
  let manifest = value as Manifest;
  let locate = (pointer: string) => source.locate(pointer);
  let includedFiles: string[] | undefined;
  if (manifest.include && manifest.include.length > 0) {
    const merged = mergeIncludes(manifest, source, dir, root);
    ({ manifest, locate } = merged);
    includedFiles = merged.files;
  }
  checkAccountAliases(manifest, locate);

  const problems: Problem[] = [];
  const schemas = new Map<string, LoadedSchema>();
  manifest.topics.forEach((topic, index) => {
    if (!topic.schema) return;
    const location = locate(`/topics/${index}/schema`);
    try {
      const schemaPath = resolveInsideRoot(topic.schema, dir, root, location, `schema of topic '${topic.name}'`);
      schemas.set(topic.name, loadSchemaFile(schemaPath, root, topic.name));
    } catch (error) {
      if (error instanceof InputError) problems.push(error, ...error.problems);
      else throw error;
    }
  });
  if (manifest.replay?.approvalPolicy) {
    const location = source.locate('/replay/approvalPolicy');
    try {
      resolveInsideRoot(manifest.replay.approvalPolicy, dir, root, location, 'approval policy');
    } catch (error) {
      if (error instanceof InputError) problems.push(error);
      else throw error;
    }
  }
  if (problems.length > 0) throw InputError.fromProblems(problems.map(toProblem));

  return { file, relativeFile, dir, root, manifest, locate, schemas, ...(includedFiles ? { includedFiles } : {}) };
}

function toProblem(error: Problem | InputError): Problem {
  return { message: error.message, hint: error.hint, location: error.location };
}

/** Reads and parses one JSON Schema file, reporting a JSON syntax error at its line and column. */
export function loadSchemaFile(path: string, root: string, topic: string): LoadedSchema {
  const relativePath = relative(root, path);
  const stat = statSync(path);
  if (stat.size > MAX_SCHEMA_BYTES) {
    throw new InputError(`${relativePath} is ${stat.size} bytes; schemas are capped at ${MAX_SCHEMA_BYTES}`, {
      location: { file: relativePath, line: 1, column: 1 },
    });
  }
  const text = readFileSync(path, 'utf8');
  return { topic, path, relativePath, text, document: parseJsonText(text, relativePath) };
}

/** JSON.parse with the error mapped to file:line:column. */
export function parseJsonText(text: string, displayPath: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : 0;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new InputError(`invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`, {
      hint: 'fix the JSON syntax (a trailing comma or a missing quote is the usual cause)',
      location: { file: displayPath, line, column },
    });
  }
}

function describeWith(root: Record<string, unknown>) {
  return (pointer: string): string => {
    const segments = decodePointer(pointer);
    if (segments.length === 0) return 'manifest';
    const [section, index, ...rest] = segments;
    const list = root[section!];
    const kinds: Record<string, string> = { topics: 'topic', consumers: 'consumer', buses: 'bus', workflows: 'workflow' };
    if (kinds[section!] && index !== undefined && Array.isArray(list)) {
      const entry = list[Number(index)] as { name?: unknown } | undefined;
      const label = typeof entry?.name === 'string' ? `${kinds[section!]} '${entry.name}'` : `${kinds[section!]} #${Number(index) + 1}`;
      return rest.length ? `${label} ${rest.join('.')}` : label;
    }
    return segments.join('.');
  };
}
