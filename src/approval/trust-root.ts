import { realpath } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { InputError, RefusedError, UsageError } from '../errors.js';
import { mergeIncludes } from '../manifest/include.js';
import { includePatternProblem, matchInclude } from '../manifest/include-glob.js';
import { compileManifestValidator } from '../manifest/manifest-validator.js';
import type { Manifest } from '../manifest/model.js';
import { problemsFromAjv } from '../manifest/schema-errors.js';
import { parseYamlSource } from '../manifest/yaml-source.js';
import { MAX_POLICY_BYTES } from './policy.js';
import { gitOutput, repoRelativePath, type PolicySource } from './policy-source.js';

/**
 * The one trust root of every gate decision: the commit of the default branch of the git
 * repository that holds the manifest. The manifest (classes, resources, policy path) and the
 * approval policy are both read from that commit with git, never from the working tree, so a
 * change cannot weaken its own gate. The remote default (`origin/HEAD`) wins where there is a
 * remote; else the local `main`/`master`.
 */
const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

export interface TrustRoot {
  /** The repository's top level (journals live in its `.eventctl/`). */
  repoDir: string;
  /** The protected ref, e.g. `origin/main` (via origin/HEAD) or `main`. */
  ref: string;
  /** How the ref was chosen, for output: "origin/HEAD (origin/main)" or "local main (no remote)". */
  refLabel: string;
  commit: string;
  /** Manifest path in the repository (`/` separators). */
  manifestPath: string;
  manifest: Manifest;
  policyPath: string;
  policyBytes: Buffer;
  policySource: PolicySource;
  /**
   * True when the policy came from the protected commit. False only for a labelled preview
   * (`--policy-ref` naming another commit, allowed outside run mode).
   */
  protected: boolean;
}

export interface TrustRootOptions {
  /** Absolute path of the manifest named with `-m` (in the working tree; only its location counts). */
  manifestFile: string;
  /** `--policy-ref`: in run mode it must resolve to the protected commit. */
  policyRef?: string;
  mode: 'run' | 'preview';
}

const git = (cwd: string, args: string[], maxBuffer = MAX_MANIFEST_BYTES + 1024): Promise<Buffer> => gitOutput(cwd, args, maxBuffer);

const text = async (cwd: string, args: string[]): Promise<string> => (await git(cwd, args)).toString('utf8').trim();

async function commitOf(repoDir: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  try {
    return await text(repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

/** The protected ref: origin/HEAD when the repository has an `origin` remote, else local main/master. */
export async function protectedRef(repoDir: string): Promise<{ ref: string; label: string }> {
  const remotes = (await text(repoDir, ['remote']).catch(() => '')).split('\n').filter(Boolean);
  if (remotes.includes('origin')) {
    const head = await text(repoDir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(() => '');
    if (!head) {
      throw new UsageError('the repository has an origin remote but no origin/HEAD, so its protected branch is unknown', {
        hint: 'run `git remote set-head origin --auto` (or `git fetch origin`)',
      });
    }
    return { ref: head, label: `origin/HEAD (${head})` };
  }
  for (const candidate of ['main', 'master']) {
    if (await commitOf(repoDir, `refs/heads/${candidate}`)) return { ref: candidate, label: `local ${candidate} (no origin remote)` };
  }
  throw new UsageError('cannot tell the protected branch: no origin remote and no local main or master', {
    hint: 'the gate reads the manifest and policy from the default branch; commit them there',
  });
}

async function blobAt(repoDir: string, commit: string, path: string, max: number, what: string, ref: string): Promise<Buffer> {
  try {
    return await git(repoDir, ['cat-file', 'blob', `${commit}:${path}`], max + 1024);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') throw new InputError(`${what} ${path} at ${ref} is larger than ${max} bytes`);
    throw new RefusedError(`${what} ${path} does not exist on the protected branch ${ref} (${commit.slice(0, 12)})`, [
      `the gate reads the ${what} from the protected branch only; merge it there first`,
    ]);
  }
}

/** Parses manifest text (as read from git) against the manifest schema; no referenced files are read. */
export function parseManifestText(source: string, displayPath: string): Manifest {
  const yaml = parseYamlSource(source, { displayPath });
  const validate = compileManifestValidator();
  if (!validate(yaml.value)) {
    throw InputError.fromProblems(problemsFromAjv(validate.errors ?? [], yaml.locate, (pointer) => pointer || 'manifest'));
  }
  return yaml.value as Manifest;
}

/**
 * The team files `include:` names, as the protected commit has them (regular blobs only; never
 * the working tree), merged as the loader merges the working tree's: a team's consumers are
 * owned, classed and placed in accounts by the protected branch too.
 */
async function mergeTrustedIncludes(repoDir: string, commit: string, ref: string, manifestPath: string, manifestText: string, manifest: Manifest): Promise<Manifest> {
  const patterns = manifest.include ?? [];
  if (patterns.length === 0) return manifest;
  const base = posix.dirname(manifestPath);
  const prefix = base === '.' ? '' : `${base}/`;
  const listing = (await git(repoDir, ['ls-tree', '-r', '-z', '--full-tree', commit])).toString('utf8').split('\0');
  const blobs = listing.flatMap((line) => {
    const match = /^(100644|100755) blob [0-9a-f]+\t(.+)$/s.exec(line);
    return match && match[2]!.startsWith(prefix) ? [match[2]!.slice(prefix.length)] : [];
  });
  const dir = join(repoDir, base);
  const contents = new Map<string, string>();
  const matched = new Map<string, string[]>();
  for (const pattern of patterns) {
    if (includePatternProblem(pattern)) continue; // mergeIncludes names the problem
    const files = matchInclude(pattern, blobs);
    matched.set(pattern, files.map((file) => join(dir, file)));
    for (const file of files) {
      if (contents.has(join(dir, file))) continue;
      const bytes = await blobAt(repoDir, commit, `${prefix}${file}`, MAX_MANIFEST_BYTES, 'team manifest', ref);
      try {
        contents.set(join(dir, file), new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        throw new InputError(`the team manifest ${prefix}${file} at ${ref} is not valid UTF-8`);
      }
    }
  }
  const source = parseYamlSource(manifestText, { displayPath: `${ref}:${manifestPath}` });
  return mergeIncludes(manifest, source, dir, repoDir, {
    expand: (pattern) => matched.get(pattern) ?? [],
    read: (file) => contents.get(file) ?? '',
  }).manifest;
}

/** Resolves the protected commit and reads the manifest and policy from it. */
export async function readTrustRoot(options: TrustRootOptions): Promise<TrustRoot> {
  let manifestReal: string;
  try {
    manifestReal = await realpath(options.manifestFile);
  } catch {
    throw new UsageError(`no manifest at ${options.manifestFile}`);
  }
  let repoDir: string;
  try {
    repoDir = await realpath(await text(dirname(manifestReal), ['rev-parse', '--show-toplevel']));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new RefusedError(`the manifest ${options.manifestFile} is not inside a git repository`, [
      'the gate reads the manifest and approval policy from the repository\'s protected branch',
    ]);
  }
  const { ref, label } = await protectedRef(repoDir);
  const commit = (await commitOf(repoDir, ref))!;
  const manifestPath = repoRelativePath(repoDir, manifestReal);
  const manifestBytes = await blobAt(repoDir, commit, manifestPath, MAX_MANIFEST_BYTES, 'manifest', ref);
  let manifestText: string;
  try {
    manifestText = new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes);
  } catch {
    throw new InputError(`the manifest ${manifestPath} at ${ref} is not valid UTF-8`);
  }
  const manifest = await mergeTrustedIncludes(repoDir, commit, ref, manifestPath, manifestText, parseManifestText(manifestText, `${ref}:${manifestPath}`));
  const policyRelative = manifest.replay?.approvalPolicy;
  if (!policyRelative) {
    throw new RefusedError(`the manifest on the protected branch ${ref} names no approval policy`, ['set replay.approvalPolicy in the manifest and merge it']);
  }
  const policyPath = posix.normalize(posix.join(posix.dirname(manifestPath), policyRelative));
  if (policyPath.startsWith('../') || posix.isAbsolute(policyPath)) {
    throw new RefusedError(`the approval policy path '${policyRelative}' leaves the repository`, []);
  }

  let policyCommit = commit;
  let policyRef = ref;
  let isProtected = true;
  if (options.policyRef !== undefined) {
    const asked = await commitOf(repoDir, options.policyRef);
    if (!asked) throw new UsageError(`git ref '${options.policyRef}' does not exist here`, { hint: 'fetch it first (git fetch origin)' });
    if (asked !== commit) {
      if (options.mode === 'run') {
        throw new RefusedError(`--policy-ref ${options.policyRef} is not the protected branch; nothing was sent to AWS`, [
          `--policy-ref ${options.policyRef} is commit ${asked.slice(0, 12)}, the protected branch ${label} is ${commit.slice(0, 12)}; a run reads the policy from the protected branch only`,
        ]);
      }
      policyCommit = asked;
      policyRef = options.policyRef;
      isProtected = false;
    }
  }
  const policyBytes = await blobAt(repoDir, policyCommit, policyPath, MAX_POLICY_BYTES, 'approval policy', policyRef);
  return {
    repoDir,
    ref,
    refLabel: label,
    commit,
    manifestPath,
    manifest,
    policyPath,
    policyBytes,
    policySource: { kind: 'git', ref: policyRef, commit: policyCommit, path: policyPath },
    protected: isProtected,
  };
}
