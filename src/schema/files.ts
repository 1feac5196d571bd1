import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { readUserTextSync } from '../io/read-user-file.js';
import { findRepositoryRoot } from '../manifest/load.js';
import { metaValidateSchema } from '../manifest/meta-validate-schema.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';
import { loadBundle, type ReadText, type SchemaBundle } from './bundle.js';
import { unsupportedSchemaRegexes } from './schema-regexes.js';

const MAX_SCHEMA_BYTES = 5 * 1024 * 1024;

/** Reads repository-relative files from the working tree, never outside `root` (symlinks included). */
export function workingTreeReader(root: string): ReadText {
  const realRoot = realpathSync(root);
  return (path) => {
    const absolute = join(root, path);
    if (!existsSync(absolute)) return undefined;
    const real = realpathSync(absolute);
    const rel = relative(realRoot, real);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new InputError(`${path} is a link to a file outside the repository`, { hint: 'copy the schema into the repository instead of linking to it' });
    }
    return readUserTextSync(real, { maxBytes: MAX_SCHEMA_BYTES, what: 'schema', shownAs: path });
  };
}

/** Loads a schema file from disk with every `$ref` inside the repository, then meta-validates each document. */
export async function loadSchemaFile(file: string, cwd: string): Promise<SchemaBundle> {
  const absolute = resolve(cwd, file);
  if (!existsSync(absolute)) throw new InputError(`${file} does not exist`, { hint: 'check the path to the schema file' });
  // The file as typed (a directory, a FIFO, /dev/zero are refused under the name the user gave).
  const entryText = readUserTextSync(absolute, { maxBytes: MAX_SCHEMA_BYTES, what: 'schema', shownAs: file });
  const root = findRepositoryRoot(dirname(absolute));
  const rel = relative(root, absolute).split(sep).join('/');
  const bundle = await loadBundle(rel, workingTreeReader(root), entryText);
  await metaValidateBundle(bundle);
  return bundle;
}

/**
 * Every document of a bundle must pass its draft's meta-schema and hold only patterns the
 * linear-time regex engine runs (errors located in the file).
 */
export async function metaValidateBundle(bundle: SchemaBundle, shownAs: (path: string) => string = (p) => p): Promise<void> {
  const problems: Problem[] = [];
  for (const doc of bundle.documents.values()) {
    const result = metaValidateSchema(doc.value);
    if (result.errors.length === 0) continue;
    const positions = jsonPointerPositions(doc.text);
    for (const error of result.errors.slice(0, 20)) {
      const at = locateInJson(positions, error.pointer);
      problems.push({
        message: `${shownAs(doc.path)} is not a valid JSON Schema (${result.draft ?? 'unknown draft'}): ${error.message}`,
        hint: 'fix the schema so it passes its meta-schema; `eventctl validate` checks every schema of the manifest',
        location: { file: shownAs(doc.path), ...at },
      });
    }
  }
  const documents = [...bundle.documents.values()];
  problems.push(...(await unsupportedSchemaRegexes(documents.map((doc) => ({ file: shownAs(doc.path), text: doc.text, document: doc.value })))));
  if (problems.length > 0) throw InputError.fromProblems(problems);
}
