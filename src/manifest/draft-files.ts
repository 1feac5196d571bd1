import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Writing a manifest eventctl drafted (init, import): refuse to overwrite without --force, prove
 * the draft loads with the same loader `validate` uses before anything is put in place, then write.
 */
export interface DraftFile {
  /** Relative to the manifest's directory. */
  path: string;
  text: string;
}

export async function writeDraft(options: {
  command: string;
  manifestFile: string;
  /** The manifest as the user named it, for messages. */
  shownAs: string;
  manifestText: string;
  extra: readonly DraftFile[];
  force: boolean;
  cwd: string;
}): Promise<string[]> {
  const dir = dirname(options.manifestFile);
  const targets = [options.manifestFile, ...options.extra.map((f) => join(dir, f.path))];
  const existing = targets.filter((f) => existsSync(f));
  if (existing.length > 0 && !options.force) {
    throw new UsageError(`${options.command} would overwrite ${existing.map((f) => relative(options.cwd, f) || f).join(' and ')}`, {
      hint: 'pass --force to replace, or -m <path> to write the manifest elsewhere',
    });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'eventctl-draft-'));
  try {
    writeWithDirs(join(scratch, 'eventctl.yaml'), options.manifestText);
    for (const f of options.extra) writeWithDirs(join(scratch, f.path), f.text);
    const { loadManifest } = await import('./load.js');
    await loadManifest(join(scratch, 'eventctl.yaml'), options.shownAs);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeWithDirs(options.manifestFile, options.manifestText);
  for (const f of options.extra) writeWithDirs(join(dir, f.path), f.text);
  return targets.map((f) => relative(options.cwd, f) || f);
}

function writeWithDirs(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
