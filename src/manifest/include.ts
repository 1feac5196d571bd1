import { dirname, posix, relative, resolve, sep } from 'node:path';
import { InputError, type Problem, type SourceLocation } from '../errors.js';
import { readUserTextSync } from '../io/read-user-file.js';
import { expandInclude, includePatternProblem } from './include-glob.js';
import { compileTeamManifestValidator } from './manifest-validator.js';
import type { Manifest, TeamManifest } from './model.js';
import { problemsFromAjv } from './schema-errors.js';
import { decodePointer, parseYamlSource, type YamlSource } from './yaml-source.js';

const MAX_TEAM_FILE_BYTES = 5 * 1024 * 1024;
const MERGED_SECTIONS = ['buses', 'topics', 'consumers'] as const;
type MergedSection = (typeof MERGED_SECTIONS)[number];
const KIND: Record<MergedSection, string> = { buses: 'bus', topics: 'topic', consumers: 'consumer' };

/** Where one merged entry was declared: its file's source and its index there. */
interface Origin {
  source: YamlSource;
  index: number;
}

export interface MergedPlatform {
  manifest: Manifest;
  /** Team files, relative to the repository root, in merge order. */
  files: string[];
  /** Source position of a pointer into the merged manifest, in the file that declared it. */
  locate(pointer: string): SourceLocation;
}

/** Where team files are found and read: the working tree by default, a git commit for the trust root. */
export interface IncludeFiles {
  /** Absolute paths matching `pattern` under `dir`, sorted. */
  expand(pattern: string, dir: string): string[];
  read(file: string, shown: string): string;
}

const WORKING_TREE: IncludeFiles = {
  expand: expandInclude,
  read: (file, shown) => readUserTextSync(file, { maxBytes: MAX_TEAM_FILE_BYTES, what: 'team manifest', shownAs: shown }),
};

/**
 * Merges the team files named by `include:` into the platform. Each file is validated against
 * the schema's `teamFile`, may default `owner` (topics, consumers) and `account` (buses,
 * consumers), and keeps its own positions: `locate('/consumers/7/class')` answers with the team
 * file's line. A name declared in two files is an error naming both places.
 */
export function mergeIncludes(main: Manifest, mainSource: YamlSource, dir: string, root: string, from: IncludeFiles = WORKING_TREE): MergedPlatform {
  const patterns = main.include ?? [];
  const problems: Problem[] = [];
  const files: string[] = [];
  patterns.forEach((pattern, i) => {
    const location = mainSource.locate(`/include/${i}`);
    const problem = includePatternProblem(pattern);
    if (problem) {
      problems.push({ message: `include '${pattern}' ${problem}`, hint: 'e.g. include: [teams/*/eventctl.yaml]', location });
      return;
    }
    const matched = from.expand(pattern, dir).filter((file) => isInside(file, root));
    if (matched.length === 0) {
      problems.push({ message: `include '${pattern}' matches no file`, hint: 'fix the pattern (relative to the manifest; * matches within one directory)', location });
    }
    for (const file of matched) if (!files.includes(file)) files.push(file);
  });
  if (problems.length > 0) throw InputError.fromProblems(problems);

  const merged: Manifest = { ...main, buses: [...main.buses], topics: [...main.topics], consumers: [...main.consumers] };
  const origins: Record<MergedSection, Origin[]> = { buses: [], topics: [], consumers: [] };
  for (const section of MERGED_SECTIONS) main[section].forEach((_, index) => origins[section].push({ source: mainSource, index }));
  const validate = compileTeamManifestValidator();
  const mainDir = dir;

  for (const file of files) {
    const shown = relative(root, file).split(sep).join('/');
    const text = from.read(file, shown);
    const source = parseYamlSource(text, { displayPath: shown });
    const value = source.value;
    if (!validate(value)) {
      problems.push(...problemsFromAjv(validate.errors ?? [], source.locate, (p) => decodePointer(p).join('.') || 'team file'));
      continue;
    }
    const team = value as TeamManifest;
    const teamDir = dirname(file);
    for (const section of MERGED_SECTIONS) {
      (team[section] ?? []).forEach((entry, index) => {
        const copy = { ...entry } as Record<string, unknown>;
        if (team.owner !== undefined && section !== 'buses' && copy.owner === undefined) copy.owner = team.owner;
        if (team.account !== undefined && section !== 'topics' && copy.account === undefined) copy.account = team.account;
        // Schemas are written relative to the team file; the rest of eventctl resolves from the manifest.
        if (section === 'topics' && typeof copy.schema === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(copy.schema)) {
          copy.schema = relative(mainDir, resolve(teamDir, copy.schema)).split(sep).join(posix.sep);
        }
        (merged[section] as unknown[]).push(copy);
        origins[section].push({ source, index });
      });
    }
  }
  if (problems.length > 0) throw InputError.fromProblems(problems);

  const locate = (pointer: string): SourceLocation => {
    const [section, index, ...rest] = decodePointer(pointer);
    const origin = MERGED_SECTIONS.includes(section as MergedSection) && index !== undefined ? origins[section as MergedSection][Number(index)] : undefined;
    if (!origin) return mainSource.locate(pointer);
    const tail = rest.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    return origin.source.locate(`/${section}/${origin.index}${tail}`);
  };

  // Within one file the `name-unique` lint rule speaks; across files a collision is a load error.
  for (const section of MERGED_SECTIONS) {
    const first = new Map<string, number>();
    merged[section].forEach((entry, i) => {
      const earlier = first.get(entry.name);
      if (earlier === undefined) {
        first.set(entry.name, i);
        return;
      }
      if (origins[section][earlier]!.source === origins[section][i]!.source) return;
      const a = locate(`/${section}/${earlier}/name`);
      const b = locate(`/${section}/${i}/name`);
      problems.push({
        message: `${KIND[section]} '${entry.name}' is declared twice: ${a.file}:${a.line} and ${b.file}:${b.line}`,
        hint: 'names are unique across the platform and its team files; rename one or drop the copy',
        location: b,
      });
    });
  }
  if (problems.length > 0) throw InputError.fromProblems(problems);
  return { manifest: merged, files: files.map((f) => relative(root, f).split(sep).join('/')), locate };
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(`..${sep}`) && !/^[A-Za-z]:/.test(rel) && !rel.startsWith(sep);
}
