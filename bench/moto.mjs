// Shared by the benchmarks: find a Python with moto and start it (optionally with the SQS speed
// patches of test/support/moto_launcher.py) on a free loopback port. The tests' TypeScript twin
// is test/support/moto-server.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = fileURLToPath(new URL('../test/support/moto_launcher.py', import.meta.url));

export function findPython() {
  const candidates = [process.env.MOTO_PYTHON, 'python3'].filter(Boolean);
  const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (existsSync(versions)) for (const v of readdirSync(versions).sort().reverse()) candidates.push(join(versions, v, 'bin', 'python3'));
  return candidates.find((c) => spawnSync(c, ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0);
}

/** Starts moto; resolves `{endpoint, child}` once it answers. */
export async function startMoto({ fastSqs = false } = {}) {
  const python = findPython();
  if (!python) throw new Error("no Python with moto: pip install 'moto[server]' or set MOTO_PYTHON");
  const child = spawn(python, [LAUNCHER, ...(fastSqs ? ['--fast-sqs'] : [])], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  const port = await new Promise((resolve, reject) => {
    let seen = '';
    const onData = (c) => {
      seen += c;
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) resolve(m[1]);
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.once('exit', (c) => reject(new Error(`moto exited ${c}: ${seen}`)));
  });
  child.stderr.resume();
  child.stdout.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (await fetch(`${endpoint}/moto-api/data.json`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, child };
}
