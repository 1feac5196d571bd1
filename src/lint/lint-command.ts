import type { CommandContext } from '../context.js';
import type { LoadedManifest } from '../manifest/model.js';
import type { Report } from '../report/finding.js';
import { renderReport } from '../report/render.js';
import { resolveLintConfig, type LintConfig } from './lint-config.js';
import { createLintInput, type LintInput } from './lint-input.js';
import { presetLoader } from './presets.js';
import { readLintFacts } from './read-lint-facts.js';
import { describeRule, runLint, type LintResult } from './run-lint.js';

export interface PreparedLint {
  loaded: LoadedManifest;
  input: LintInput;
  config: LintConfig;
}

/** The I/O half of lint: manifest, approval policy limits, runbook files, presets. Shared with review. */
export async function prepareLint(ctx: CommandContext): Promise<PreparedLint> {
  const loaded = await ctx.loadManifest();
  const config = resolveLintConfig(loaded.manifest.lint, presetLoader(loaded), (p) => loaded.locate(p));
  const input = createLintInput(loaded, readLintFacts(loaded), ctx.now());
  return { loaded, input, config };
}

/** `eventctl lint`: runs the configured rules and renders the findings in --format. */
export async function lintCommand(ctx: CommandContext): Promise<number> {
  const { loaded, input, config } = await prepareLint(ctx);
  const result = runLint(input, config, (p) => loaded.locate(p));
  for (const waiver of result.unusedWaivers) {
    ctx.warn(
      `${loaded.relativeFile}:${loaded.locate(`/lint/waivers/${waiver.index}`).line}: waiver for ${waiver.rule}${waiver.subject ? ` on ${waiver.subject}` : ''} covers no finding; remove it`,
    );
  }
  return renderReport(ctx, lintReport(loaded, config, result));
}

export function lintReport(loaded: LoadedManifest, config: LintConfig, result: LintResult): Report {
  return {
    command: 'lint',
    findings: result.findings,
    rules: result.rules.map(describeRule),
    extra: {
      manifest: loaded.relativeFile,
      platform: loaded.manifest.platform,
      presets: config.presets,
      rulesRun: result.rules.length,
      waived: result.waived,
    },
  };
}
