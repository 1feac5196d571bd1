import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { InputError } from '../errors.js';

/**
 * Reads schema history with git, never cloning: one `git log --raw` for the whole history (our
 * own --follow, done in bulk) and one `git cat-file --batch` process for every blob.
 */
export function git(cwd: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile('git', args as string[], { cwd, maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } }, (error, stdout, stderr) => {
      resolvePromise({ ok: !error, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const SHALLOW_FIX = 'fetch the full history: with actions/checkout set `fetch-depth: 0`, or run `git fetch --unshallow` (or `git fetch origin main`)';

/** Resolves the base to compare against: `--against`, else the merge-base of HEAD with the default branch. */
export async function resolveBase(root: string, against: string | undefined): Promise<{ commit: string; label: string; shallow: boolean }> {
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok) throw new InputError(`${root} is not a git repository`, { hint: 'run schema check inside the repository that holds the manifest' });
  const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  if (against !== undefined) {
    const commit = await revParse(root, against);
    if (!commit) {
      const remote = /^([\w.-]+)\/(.+)$/.exec(against);
      throw new InputError(`cannot find '${against}' in this repository${shallow ? ' (a shallow clone)' : ''}`, {
        hint: remote ? `fetch it first: git fetch ${remote[1]} ${remote[2]}${shallow ? `; ${SHALLOW_FIX}` : ''}` : shallow ? SHALLOW_FIX : 'check the revision name (a branch, tag, SHA or HEAD~n)',
      });
    }
    return { commit, label: against, shallow };
  }
  const branch = await defaultBranch(root);
  if (!branch) {
    throw new InputError('cannot find the default branch to compare against', { hint: `pass --against <rev>, or fetch it: git fetch origin main${shallow ? `; ${SHALLOW_FIX}` : ''}` });
  }
  const base = await git(root, ['merge-base', 'HEAD', branch]);
  if (!base.ok || !base.stdout.trim()) {
    throw new InputError(`HEAD and ${branch} have no merge-base${shallow ? ' because this is a shallow clone' : ''}`, { hint: shallow ? SHALLOW_FIX : `pass --against <rev> explicitly` });
  }
  return { commit: base.stdout.trim(), label: `merge-base(HEAD, ${branch})`, shallow };
}

async function revParse(root: string, rev: string): Promise<string | undefined> {
  if (rev.startsWith('-')) return undefined;
  const r = await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  return r.ok ? r.stdout.trim() : undefined;
}

async function defaultBranch(root: string): Promise<string | undefined> {
  const head = await git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (head.ok && head.stdout.trim()) return head.stdout.trim();
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master']) {
    if (await revParse(root, candidate)) return candidate;
  }
  return undefined;
}

export function shallowHint(): string {
  return SHALLOW_FIX;
}

/** One version of a file in history: the commit that wrote it, its path there and its blob. */
export interface FileVersion {
  commit: string;
  path: string;
  blob: string;
}

interface Touch {
  order: number;
  commit: string;
  status: string;
  blob: string;
  from?: string;
}

/** Every file change reachable from a commit, indexed by path, from one `git log --raw -M`. */
export class History {
  private readonly byPath = new Map<string, Touch[]>();

  static async read(root: string, commit: string): Promise<History> {
    const result = await git(root, ['log', '--raw', '--no-abbrev', '-M', '--no-merges', '--format=C %H', commit]);
    if (!result.ok) throw new InputError(`git log failed: ${result.stderr.trim()}`, { hint: SHALLOW_FIX });
    const history = new History();
    let current = '';
    let order = 0;
    for (const line of result.stdout.split('\n')) {
      if (line.startsWith('C ')) {
        current = line.slice(2);
        order += 1;
      } else if (line.startsWith(':')) {
        const tab = line.indexOf('\t');
        const meta = line.slice(1, tab).split(' ');
        const paths = line.slice(tab + 1).split('\t');
        const status = meta[4] ?? '';
        const blob = meta[3] ?? '';
        const path = paths[paths.length - 1]!;
        const touch: Touch = { order, commit: current, status: status[0]!, blob, from: status[0] === 'R' ? unquote(paths[0]!) : undefined };
        const key = unquote(path);
        let list = history.byPath.get(key);
        if (!list) history.byPath.set(key, (list = []));
        list.push(touch);
      }
    }
    return history;
  }

  /** Versions of `path` as of the log's head, newest first, following renames (like `git log --follow`). */
  versions(path: string): FileVersion[] {
    const out: FileVersion[] = [];
    let name = path;
    let after = 0;
    for (let guard = 0; guard < 10_000; guard += 1) {
      const list = this.byPath.get(name);
      if (!list) break;
      let next: string | undefined;
      let nextAfter = 0;
      for (const t of list) {
        if (t.order <= after) continue;
        if (t.status === 'D') break; // deleted before this point: older entries belong to an earlier life of the name
        out.push({ commit: t.commit, path: name, blob: t.blob });
        if (t.status === 'R' && t.from) {
          next = t.from;
          nextAfter = t.order;
          break;
        }
        if (t.status === 'A') break;
      }
      if (!next) break;
      name = next;
      after = nextAfter;
    }
    return out;
  }
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path;
  }
}

/** One long-lived `git cat-file --batch`: reads `<rev>:<path>` or blob ids, in order, without a process per blob. */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Array<(value: string | undefined) => void> = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(root: string) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd: root, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    this.child.on('error', () => this.fail());
    this.child.on('close', () => this.fail());
    this.child.stdin.on('error', () => this.fail());
  }

  read(spec: string): Promise<string | undefined> {
    if (this.closed || /[\n\r]/.test(spec)) return Promise.resolve(undefined);
    return new Promise((resolvePromise) => {
      this.queue.push(resolvePromise);
      this.child.stdin.write(`${spec}\n`);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
  }

  private drain(): void {
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline === -1) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const resolveNext = this.queue[0];
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift();
        resolveNext?.(undefined);
        continue;
      }
      const parts = header.split(' ');
      const size = Number(parts[2]);
      if (this.buffer.length < newline + 1 + size + 1) return;
      const body = this.buffer.subarray(newline + 1, newline + 1 + size);
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.queue.shift();
      resolveNext?.(parts[1] === 'blob' ? body.toString('utf8') : undefined);
    }
  }

  private fail(): void {
    this.closed = true;
    for (const resolveNext of this.queue.splice(0)) resolveNext(undefined);
  }
}
