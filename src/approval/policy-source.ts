import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { readUserFile } from '../io/read-user-file.js';
import { MAX_POLICY_BYTES } from './policy.js';

/**
 * Where the policy bytes came from. For a real run only `git` counts: the policy is read from a
 * protected ref as a git object, so a change cannot weaken its own gate from the working tree.
 */
export type PolicySource =
  | { kind: 'git'; ref: string; commit: string; path: string }
  | { kind: 'working-tree'; file: string };

export interface PolicyBytes {
  bytes: Buffer;
  source: PolicySource;
}

export function describePolicySource(source: PolicySource): string {
  return source.kind === 'git' ? `${source.ref}:${source.path} (commit ${source.commit.slice(0, 12)})` : `${source.file} (working tree)`;
}

/**
 * The approval layer's one git runner (the policy here, the protected manifest in trust-root.ts):
 * stdout as bytes, capped at `maxBytes`; a failure carries git's `code` and stderr.
 */
export function gitOutput(cwd: string, args: string[], maxBytes: number): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: maxBytes }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') reject(new UsageError('git was not found', { hint: 'install git; the approval policy and the protected manifest are read with git' }));
        else reject(Object.assign(new Error(Buffer.from(stderr).toString('utf8').trim() || error.message), { code, gitFailed: true }));
        return;
      }
      resolvePromise(Buffer.from(stdout));
    });
  });
}

async function git(cwd: string, args: string[]): Promise<Buffer> {
  try {
    return await gitOutput(cwd, args, MAX_POLICY_BYTES + 1024);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') throw new InputError(`the policy is larger than ${MAX_POLICY_BYTES} bytes`);
    throw error;
  }
}

/** The repository's top-level directory. */
export async function gitTopLevel(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${cwd} is not inside a git repository`, { hint: 'the approval policy is read from a git ref; pass --policy <file> only for a dry verify' });
  }
}

/**
 * The default branch to read the policy from: origin/HEAD when a remote is set, else a local
 * `main` or `master`. Never the working tree, never the checked-out (possibly PR) branch by accident.
 */
export async function defaultPolicyRef(repoDir: string): Promise<string> {
  try {
    const head = (await git(repoDir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])).toString('utf8').trim();
    if (head) return head;
  } catch {
    /* no origin/HEAD: try local branches */
  }
  for (const candidate of ['main', 'master']) {
    try {
      await git(repoDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${candidate}^{commit}`]);
      return candidate;
    } catch {
      /* next */
    }
  }
  throw new UsageError('cannot tell the default branch to read the approval policy from', {
    hint: 'pass --policy-ref <ref> (e.g. origin/main, or the PR base SHA in CI), or run `git remote set-head origin --auto`',
  });
}

/** A path inside the repository, relative to its top level, with `/` separators (for `ref:path`). */
export function repoRelativePath(repoDir: string, absolutePath: string): string {
  const rel = relative(repoDir, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`${absolutePath} is outside the repository ${repoDir}`);
  }
  return rel.split(sep).join('/');
}

/** Reads `<ref>:<path>` with git (the object, not the working tree), resolving the ref to a commit. */
export async function readPolicyFromGit(input: { repoDir: string; ref: string; path: string }): Promise<PolicyBytes> {
  if (input.ref.startsWith('-')) throw new UsageError(`'${input.ref}' is not a git ref`);
  let commit: string;
  try {
    commit = (await git(input.repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${input.ref}^{commit}`])).toString('utf8').trim();
  } catch {
    throw new UsageError(`git ref '${input.ref}' does not exist here`, { hint: 'fetch it first (git fetch origin), or pass the base commit SHA' });
  }
  let bytes: Buffer;
  try {
    bytes = await git(input.repoDir, ['cat-file', 'blob', `${commit}:${input.path}`]);
  } catch (error) {
    if (error instanceof InputError || error instanceof UsageError) throw error;
    throw new InputError(`the approval policy ${input.path} does not exist at ${input.ref} (${commit.slice(0, 12)})`, {
      hint: 'the policy must be merged to the protected branch before it can gate a run',
    });
  }
  return { bytes, source: { kind: 'git', ref: input.ref, commit, path: input.path } };
}

/** Reads the policy from a file in the working tree (lint, dry verify; never enough for a run). */
export async function readPolicyFromFile(file: string, shownAs = file): Promise<PolicyBytes> {
  // A user-named file: regular files only, bounded by the bytes actually read (a FIFO or /dev/zero is exit 2).
  const bytes = await readUserFile(file, { maxBytes: MAX_POLICY_BYTES, what: 'approval policy', shownAs });
  return { bytes, source: { kind: 'working-tree', file } };
}

export interface ResolvePolicyOptions {
  cwd: string;
  /** `--policy <file>`: working tree; refused by run. */
  file?: string;
  /** `--policy-ref <ref>`; default: the default branch. */
  ref?: string;
  /** The manifest's `replay.approvalPolicy` and the manifest's directory it is relative to. */
  manifestPolicy?: { dir: string; path: string };
}

/** The one way commands get policy bytes: `--policy` file, else `<ref>:<manifest's approvalPolicy>`. */
export async function resolvePolicyBytes(options: ResolvePolicyOptions): Promise<PolicyBytes> {
  if (options.file !== undefined) {
    if (options.ref !== undefined) throw new UsageError('--policy and --policy-ref are exclusive');
    return readPolicyFromFile(resolve(options.cwd, options.file), options.file);
  }
  if (!options.manifestPolicy) {
    throw new UsageError('the manifest names no approval policy', { hint: 'set replay.approvalPolicy in the manifest, or pass --policy <file>' });
  }
  const manifestDir = await realpath(options.manifestPolicy.dir);
  const repoDir = await gitTopLevel(manifestDir);
  // The file need not exist in the working tree; only its directory is made canonical.
  const absolute = resolve(manifestDir, options.manifestPolicy.path);
  let parent = dirname(absolute);
  try {
    parent = await realpath(parent);
  } catch {
    /* directory absent in the working tree: keep the lexical path */
  }
  const ref = options.ref ?? (await defaultPolicyRef(repoDir));
  return readPolicyFromGit({ repoDir, ref, path: repoRelativePath(await realpath(repoDir), join(parent, basename(absolute))) });
}
