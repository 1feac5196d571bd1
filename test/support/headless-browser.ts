import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real headless browser for pages eventctl writes: Debian's `chromium` (installed by .ci/run).
 * No puppeteer: chromium's own `--dump-dom` (`--screenshot` works the same way by hand), with console output read from its
 * log (every console message and uncaught error is logged as `CONSOLE`). Missing chromium fails
 * loudly; it never skips.
 */
export function chromiumBinary(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  throw new Error('chromium is missing: apt-get install chromium (.ci/run does)');
}

export interface BrowserRun {
  /** Serialized DOM after scripts ran (with --dump-dom). */
  dom: string;
  /** Console messages and uncaught errors the page produced. */
  console: string[];
}

function run(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const profile = mkdtempSync(join(tmpdir(), 'eventctl-chromium-'));
    const child = spawn(
      chromiumBinary(),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-extensions',
        '--allow-file-access-from-files',
        `--user-data-dir=${profile}`,
        '--enable-logging=stderr',
        '--v=0',
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      resolve({ stdout, stderr, code });
    });
  });
}

function consoleLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l)).map((l) => l.replace(/^\[[^\]]*\]\s*/, ''));
}

/** Loads a page, lets its scripts (and promises) run for up to `budgetMs` of virtual time, returns the DOM. */
export async function dumpDom(url: string, budgetMs = 10_000): Promise<BrowserRun> {
  const r = await run([`--virtual-time-budget=${budgetMs}`, '--dump-dom', url], 90_000);
  if (!r.stdout.includes('<html')) throw new Error(`chromium printed no DOM (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return { dom: r.stdout, console: consoleLines(r.stderr) };
}

