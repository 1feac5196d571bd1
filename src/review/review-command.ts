import { appendFileSync } from 'node:fs';
import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { prepareLint } from '../lint/lint-command.js';
import { describeRule, runLint } from '../lint/run-lint.js';
import { renderReport } from '../report/render.js';
import { levelRank, LEVELS, parseLevel, type Level } from './levels.js';
import { renderScorecardMarkdown } from './render-markdown.js';
import { renderScorecardText, levelLabel } from './render-text.js';
import { CHECKS, liveChecks } from './checks.js';
import { buildScorecard, type Scorecard } from './scorecard.js';

export interface ReviewOptions {
  minLevel?: string;
  /** Add the live account's drift as a readiness check (loads the AWS SDK). */
  live?: boolean;
  /** Base git ref for the HTML page's schema changes (`schema check --against`). */
  against?: string;
  /** Test hooks for the AWS clients. */
  liveHooks?: import('../live/aws-context.js').LiveAwsOptions;
}

/**
 * `eventctl review`: every lint rule runs (the lint config's severities do not hide readiness
 * gaps; waivers still apply), then the checks are scored into cumulative levels.
 */
export async function reviewCommand(ctx: CommandContext, options: ReviewOptions): Promise<number> {
  let minLevel: Level | undefined;
  if (options.minLevel !== undefined) {
    minLevel = parseLevel(options.minLevel);
    if (!minLevel) throw new UsageError(`unknown level '${options.minLevel}'`, { hint: `use one of: ${LEVELS.join(', ')}` });
  }
  const { loaded, input, config } = await prepareLint(ctx);
  const lint = runLint(input, config, (p) => loaded.locate(p), { mode: 'every-rule' });
  let result = lint;
  let checks = CHECKS;
  let rules = lint.rules.map(describeRule);
  if (options.live) {
    // Only with --live: the AWS SDK loads here and nowhere else in review.
    // The fan-out's rules include drift's, plus forwarding and unreadable accounts (--env).
    const [{ collectLiveDrift }, { FANOUT_DRIFT_RULES: DRIFT_RULES }] = await Promise.all([import('../live/live-drift.js'), import('../live/drift-fanout.js')]);
    const drift = await collectLiveDrift(ctx, loaded, options.liveHooks);
    result = { ...lint, findings: [...lint.findings, ...drift.findings] };
    checks = [...CHECKS, ...liveChecks(DRIFT_RULES.map((r) => r.id))];
    rules = [...rules, ...DRIFT_RULES];
  }
  const card = buildScorecard(loaded.manifest.platform, result, checks);

  const markdown = renderScorecardMarkdown(card);
  const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) appendFileSync(summaryFile, `${markdown}\n\n`);

  switch (ctx.global.format) {
    case 'text':
      ctx.emit(renderScorecardText(card, ctx.color, ctx.tableWidth));
      break;
    case 'markdown':
      ctx.emit(markdown);
      break;
    case 'json':
      ctx.emit(JSON.stringify(scorecardJson(card, loaded.relativeFile, minLevel), null, 2));
      break;
    case 'html': {
      const [{ renderReviewHtml }, { buildTopology }, { runSchemaCheck }, { packageVersion }] = await Promise.all([
        import('./render-html.js'),
        import('../graph/topology.js'),
        import('../schema/check.js'),
        import('../version.js'),
      ]);
      const schemaReport =
        options.against === undefined
          ? undefined
          : await runSchemaCheck({ loaded, now: ctx.now(), against: options.against, warn: (m) => ctx.warn(m) });
      ctx.emit(
        renderReviewHtml({
          card,
          findings: result.findings,
          topology: buildTopology(loaded.manifest),
          manifest: loaded.relativeFile,
          generatedAt: ctx.now(),
          toolVersion: packageVersion(),
          schema: schemaReport ? { base: String(schemaReport.extra?.base ?? options.against), report: schemaReport } : undefined,
        }),
      );
      break;
    }
    default:
      // sarif, junit, github: the findings behind failing checks, located, for annotations.
      await renderReport(ctx, { command: 'review', findings: result.findings, rules });
  }

  const met = minLevel === undefined || levelRank(card.level) >= levelRank(minLevel);
  if (!met) ctx.warn(`readiness is ${levelLabel(card.level)}; --min-level ${minLevel} is not met`);
  return met ? ExitCode.ok : ExitCode.findings;
}

export function scorecardJson(card: Scorecard, manifest: string, minLevel: Level | undefined) {
  const check = (r: Scorecard['categories'][number]['checks'][number]) => ({
    id: r.check.id,
    title: r.check.title,
    level: r.check.level,
    rules: r.check.rules,
    status: r.status,
    findings: r.findings,
    waived: r.waived,
  });
  return {
    schemaVersion: 1,
    command: 'review',
    manifest,
    platform: card.platform,
    level: card.level,
    minLevel: minLevel ?? null,
    met: minLevel === undefined ? null : levelRank(card.level) >= levelRank(minLevel),
    levels: card.levels,
    categories: card.categories.map((c) => ({ category: c.category, title: c.title, checks: c.checks.map(check) })),
    next: card.next ? { level: card.next.level, failing: card.next.failing.map(check) } : null,
  };
}
