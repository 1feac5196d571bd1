import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'review',
  summary: 'readiness scorecard: bronze, silver, gold, and the next steps to the next level',
  description:
    'Scores the platform on readiness checks grouped by category (failure containment, replay readiness, observability, operability, schema governance, consumer roles, routing). Levels are cumulative: a level counts only when it and every level below pass. Every lint rule runs regardless of the lint config (waivers still count). --format markdown gives a PR comment; with GITHUB_STEP_SUMMARY set the markdown is also appended there. --format html writes one self-contained page (scorecard, topology, findings, schema changes with --against). --min-level makes it a CI gate (exit 1 when not met).',
  options: [
    { flags: '--min-level <level>', description: 'exit 1 unless this level is reached', choices: ['bronze', 'silver', 'gold'] },
    { flags: '--live', description: 'also check the live AWS account against the manifest (a silver check; needs AWS access)' },
    { flags: '--against <ref>', description: 'with --format html: list schema changes against this git ref' },
  ],
  formats: ['html'],
  aws: true,
  examples: ['eventctl review', 'eventctl review --format markdown > review.md', 'eventctl review --min-level silver', 'eventctl review --format html --against origin/main -o review.html', 'eventctl review --live --profile prod'],
  async run(ctx, _args, options) {
    const { reviewCommand } = await import('../src/review/review-command.js');
    return reviewCommand(ctx, { minLevel: options.minLevel as string | undefined, live: options.live === true, against: options.against as string | undefined });
  },
});
