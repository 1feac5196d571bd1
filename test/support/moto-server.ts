import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by test/support/moto-python-setup.ts: the interpreter found once for the whole run. */
export const RESOLVED_MOTO_PYTHON = 'EVENTCTL_TEST_MOTO_PYTHON';

/**
 * Finds a Python that can `import moto`: MOTO_PYTHON, then python3 on PATH, then the pyenv
 * versions (a non-login shell may put Debian's python3, which lacks moto, first). Returns the
 * interpreter itself (sys.executable), not a pyenv shim: the shim costs a shell script per start.
 * Probing imports moto (about a second), so a run does it once, in its global setup.
 */
export function findMotoPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const resolved = env[RESOLVED_MOTO_PYTHON];
  if (resolved) return resolved;
  const candidates: string[] = [];
  if (env.MOTO_PYTHON) candidates.push(env.MOTO_PYTHON);
  candidates.push('python3');
  const pyenvRoot = env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const versions = join(pyenvRoot, 'versions');
  if (existsSync(versions)) {
    for (const version of readdirSync(versions).sort().reverse()) {
      candidates.push(join(versions, version, 'bin', 'python3'));
    }
  }
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys, moto.server; print(sys.executable)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 });
    if (probe.status === 0) return probe.stdout.trim() || candidate;
  }
  return undefined;
}

export interface MotoServer {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const LAUNCHER = fileURLToPath(new URL('./moto_launcher.py', import.meta.url));

export interface MotoOptions {
  /**
   * Apply moto_launcher.py's SQS speed patches (moto's per-message costs grow with the queue);
   * semantics unchanged. On by default, so no test pays moto's costs that grow with the queue.
   */
  fastSqs?: boolean;
}

/** Starts moto server (test/support/moto_launcher.py) on a free loopback port and waits until it answers. */
export async function startMotoServer(options: MotoOptions = {}): Promise<MotoServer> {
  const python = findMotoPython();
  if (!python) {
    throw new Error(
      "moto server is required for integration tests but no Python with moto was found. Install it with `pip install 'moto[server]'` or set MOTO_PYTHON to an interpreter that has it.",
    );
  }
  const child = spawn(python, [LAUNCHER, ...(options.fastSqs === false ? [] : ['--fast-sqs'])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`moto server did not start in 30s; output:\n${seen}`)), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto server exited with ${code}; output:\n${seen}`));
    });
  });
  // Keep draining output so the pipe never fills and blocks the server.
  child.stderr?.resume();
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Wipes all moto state (every service, every region). */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
}
