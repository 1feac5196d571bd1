import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'replay plan',
  summary: 'plan an archive replay to named consumers: resolve rules, estimate events, write a canonical plan',
  description:
    "Resolves the bus, its archive and each named consumer's rule from the manifest and the live account (read-only), classifies each target, estimates the events from CloudWatch AWS/Events MatchedEvents (an estimate, with a cap approvers agree to), and writes <out>/plan.json as RFC 8785 canonical bytes with a fresh plan id, an expiry and the approval policy's digest. Prints the blast radius. A replay always names its rules: there is no \"all rules\".",
  arguments: [{ name: 'consumer', description: 'consumers to replay to (at least one)', required: true, variadic: true }],
  options: [
    { flags: '--from <time>', description: 'window start, ISO 8601 with a zone (events are selected by their time field)' },
    { flags: '--to <time>', description: 'window end, ISO 8601 with a zone; must be at least 10 minutes ago to run' },
    { flags: '--since <duration>', description: 'window start as a time ago, e.g. 2h, 90m, 1d (instead of --from)' },
    { flags: '--until <duration>', description: 'window end as a time ago, e.g. 1h (default with --since: now)' },
    { flags: '--out <dir>', description: 'new directory for plan.json and, later, its approvals' },
    { flags: '--requester <principal>', description: 'approval-policy principal asking for the replay (also EVENTCTL_PRINCIPAL)' },
    { flags: '--reason <text>', description: 'why (incident id); stored in the signed plan' },
    { flags: '--bus <name>', description: 'the bus, when the consumers subscribe on several' },
    { flags: '--archive <name>', description: "the archive (default: the bus's archive in the manifest)" },
    { flags: '--max-events <n>', description: 'cap approvers agree to (default: estimate +25%, at least +100, within the policy limit)' },
    { flags: '--ttl <minutes>', description: 'how long the plan can be approved and run (default 480, within the policy)' },
    POLICY_REF_OPTION,
    { flags: '--policy <file>', description: 'read the policy from a working-tree file instead (run will still use the git ref)' },
  ],
  aws: true,
  examples: [
    'eventctl replay plan orders-read-model --from 2026-11-28T08:00:00Z --to 2026-11-28T09:30:00Z --out replays/inc-4821 --requester carol',
    'eventctl replay plan orders-read-model --since 2h --until 1h --out replays/inc-4823',
    'eventctl replay plan billing-charge orders-read-model --from … --to … --out replays/inc-4822 --reason INC-4822 --format json',
  ],
  async run(ctx, args, options) {
    const [{ runReplayPlan }, { relativeWindow }] = await Promise.all([import('../src/live/replay-plan-run.js'), import('../src/text/relative-time.js')]);
    const window = relativeWindow(options as { from?: string; to?: string; since?: string; until?: string }, ctx.now());
    return runReplayPlan(ctx, args, { ...options, ...window });
  },
});
