import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dump } from 'js-yaml';
import { createContext, type CommandContext, type GlobalOptions } from '../../src/context.js';
import type { Io } from '../../src/io/terminal.js';
import type { Manifest } from '../../src/manifest/model.js';
import { motoEnv } from './aws-test-clients.js';
import { tempDir } from './temp-dir.js';

export interface CapturedContext {
  ctx: CommandContext;
  stdout(): string;
  stderr(): string;
}

/** A CommandContext for in-process runs against moto, capturing stdout and stderr. */
export function liveContext(options: {
  manifest: string;
  endpoint: string;
  format?: GlobalOptions['format'];
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  stdoutIsTTY?: boolean;
}): CapturedContext {
  let out = '';
  let err = '';
  const io: Io = {
    writeStdout: (t) => void (out += t),
    writeStderr: (t) => void (err += t),
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: false,
    stdinIsTTY: false,
  };
  const ctx = createContext({
    global: { manifest: options.manifest, format: options.format ?? 'text', failOn: 'error', verbose: false },
    io,
    env: { ...motoEnv(options.endpoint), ...options.env },
    cwd: process.cwd(),
    now: options.now,
  });
  return { ctx, stdout: () => out, stderr: () => err };
}

/** Writes a manifest (and the schema files it names) into a fresh temp directory; returns its path. */
export function writeTempManifest(manifest: Manifest, schemas: Record<string, unknown> = {}): string {
  const dir = tempDir('eventctl-live-');
  for (const [path, schema] of Object.entries(schemas)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(schema, null, 2));
  }
  const file = join(dir, 'eventctl.yaml');
  writeFileSync(file, dump(manifest, { noRefs: true }));
  return file;
}
