import type { Problem } from '../errors.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';
import { SUBSCHEMA_LIST, SUBSCHEMA_MAP, SUBSCHEMA_ONE } from './bundle.js';
import { escapePointer, hasOwn, isObject } from './json.js';

/** A regular expression written in a schema: a `pattern` value or a `patternProperties` key. */
export interface SchemaRegex {
  source: string;
  /** Pointer to the `pattern` member or to the `patternProperties` entry. */
  pointer: string;
}

/** Every regular expression of one schema document (walked with an explicit stack). */
export function schemaRegexes(document: unknown): SchemaRegex[] {
  const found: SchemaRegex[] = [];
  const stack: Array<[unknown, string]> = [[document, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (!isObject(node)) continue;
    if (typeof node.pattern === 'string') found.push({ source: node.pattern, pointer: `${pointer}/pattern` });
    if (isObject(node.patternProperties)) {
      for (const source of Object.keys(node.patternProperties)) found.push({ source, pointer: `${pointer}/patternProperties/${escapePointer(source)}` });
    }
    for (const key of SUBSCHEMA_ONE) if (hasOwn(node, key)) stack.push([node[key], `${pointer}/${key}`]);
    const items = node.items;
    if (Array.isArray(items)) items.forEach((s, i) => stack.push([s, `${pointer}/items/${i}`]));
    else if (items !== undefined) stack.push([items, `${pointer}/items`]);
    for (const key of SUBSCHEMA_LIST) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((s, i) => stack.push([s, `${pointer}/${key}/${i}`]));
    }
    for (const key of SUBSCHEMA_MAP) {
      const map = node[key];
      if (isObject(map)) for (const name of Object.keys(map)) stack.push([map[name], `${pointer}/${key}/${escapePointer(name)}`]);
    }
  }
  return found;
}

/** A schema file to check: its text locates the problems. */
export interface RegexSource {
  file: string;
  text: string;
  document: unknown;
}

/**
 * Every pattern the linear-time engine cannot run, located in its file. Loads the engine only
 * when some schema has a pattern at all.
 */
export async function unsupportedSchemaRegexes(files: readonly RegexSource[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  let engine: typeof import('./user-regex.js') | undefined;
  for (const file of files) {
    const regexes = schemaRegexes(file.document);
    if (regexes.length === 0) continue;
    engine ??= await import('./user-regex.js');
    let positions: ReturnType<typeof jsonPointerPositions> | undefined;
    for (const regex of regexes) {
      try {
        engine.compileUserRegex(regex.source);
      } catch (error) {
        if (!(error instanceof engine.UnsupportedRegexError)) throw error;
        positions ??= jsonPointerPositions(file.text);
        problems.push({
          message: `${file.file}: the pattern '${regex.source}' at ${regex.pointer} cannot be used: ${error.message}`,
          hint: 'rewrite the pattern without lookaround or backreferences (e.g. enumerate the cases)',
          location: { file: file.file, ...locateInJson(positions, regex.pointer) },
        });
      }
    }
  }
  return problems;
}
