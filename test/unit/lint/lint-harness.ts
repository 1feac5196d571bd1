import { fileURLToPath } from 'node:url';
import { resolveLintConfig } from '../../../src/lint/lint-config.js';
import { createLintInput } from '../../../src/lint/lint-input.js';
import { presetLoader } from '../../../src/lint/presets.js';
import { readLintFacts } from '../../../src/lint/read-lint-facts.js';
import { runLint, type LintResult, type RunLintOptions } from '../../../src/lint/run-lint.js';
import { loadManifest } from '../../../src/manifest/load.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** A fixed clock: tests never depend on today's date. */
export const NOW = new Date('2026-06-01T12:00:00Z');

/** Lints a manifest file the way `eventctl lint` does, with a fixed clock. */
export function lintFile(relativePath: string, options: RunLintOptions & { now?: Date } = {}): LintResult {
  const loaded = loadManifest(`${REPO}${relativePath}`);
  const config = resolveLintConfig(loaded.manifest.lint, presetLoader(loaded), (p) => loaded.locate(p));
  const input = createLintInput(loaded, readLintFacts(loaded), options.now ?? NOW);
  return runLint(input, config, (p) => loaded.locate(p), options);
}

/** `rule@line subjectKind:subjectName`, sorted: one string per finding, easy to read in a diff. */
export function summarizeFindings(result: Pick<LintResult, 'findings'>): string[] {
  return result.findings
    .map((f) => `${f.rule}@${f.location?.line} ${f.subject.kind}:${f.subject.name}`)
    .sort();
}
