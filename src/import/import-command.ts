import type { CommandContext } from '../context.js';
import { ExitCode, InputError, RemoteError, UsageError } from '../errors.js';
import { writeDraft } from '../manifest/draft-files.js';
import { readUserText } from '../io/read-user-file.js';
import { openLiveAws, type LiveAwsOptions } from '../live/aws-context.js';
import { mapLimit } from '../ops/map-limit.js';
import { queueNameOf } from '../ops/arn.js';
import { draftManifest, type AccountBus, type AccountView } from './draft-manifest.js';
import { renderDraft } from './render-draft.js';
import { wrapCommand, wrapParagraph } from '../text/wrap.js';

export interface ImportOptions {
  platform?: string;
  bus?: string[];
  samples?: string;
  force?: boolean;
  concurrency?: string;
}

const SAMPLE_CAP_BYTES = 64 * 1024 * 1024;

/**
 * `eventctl import`: reads buses, archives, rules, targets, their queues and state machine types, drafts
 * a manifest (-m, default ./eventctl.yaml) and schemas from --samples, checks the draft with the
 * manifest loader, and writes it. Never overwrites without --force. Read-only on AWS.
 */
export async function importCommand(ctx: CommandContext, options: ImportOptions, hooks: LiveAwsOptions = {}): Promise<number> {
  const samples = options.samples ? await readSamples(ctx, options.samples) : [];
  const aws = await openLiveAws(ctx, undefined, hooks);
  let view: AccountView;
  try {
    view = await readAccount(aws, options);
  } finally {
    aws.close();
  }
  const platform = options.platform ?? 'imported';
  const draft = draftManifest(platform, view, samples);
  const source = `${view.region ?? 'the default region'}${aws.endpoint ? ` at ${aws.endpoint}` : ''}`;
  const [written] = await writeDraft({
    command: 'import',
    manifestFile: ctx.resolvePath(ctx.global.manifest),
    shownAs: ctx.global.manifest,
    manifestText: renderDraft(draft, `account ${view.account ?? '(unknown)'}, ${source}`),
    extra: draft.schemas.map((s) => ({ path: s.path, text: `${JSON.stringify(s.schema, null, 2)}\n` })),
    force: options.force === true,
    cwd: ctx.cwd,
  });
  const guessed = Object.keys(draft.notes.consumers).length;
  ctx.info(
    wrapParagraph(`wrote ${written}: ${draft.manifest.buses.length} bus(es), ${draft.manifest.topics.length} topic(s), ${draft.manifest.consumers.length} consumer(s) (${guessed} class(es) guessed: confirm), ${draft.schemas.length} schema(s) drafted`, ctx.tableWidth),
  );
  if (draft.notes.rules.length > 0) ctx.warn(`${draft.notes.rules.length} rule(s) not imported: see the comments at the end of the manifest`);
  ctx.info(['next:', ...['eventctl validate', 'eventctl lint    # what the team must still decide', 'eventctl drift'].map((c) => wrapCommand(c, ctx.tableWidth))].join('\n'));
  return ExitCode.ok;
}

async function readAccount(aws: Awaited<ReturnType<typeof openLiveAws>>, options: ImportOptions): Promise<AccountView> {
  const concurrency = Number(options.concurrency ?? 8) || 8;
  const [eventBridge, sqs] = await Promise.all([aws.ports.eventBridge(), aws.ports.sqs()]);
  const listed = await eventBridge.listEventBuses();
  const wanted = options.bus && options.bus.length > 0 ? options.bus : listed.map((b) => b.name);
  const unknown = wanted.filter((n) => !listed.some((b) => b.name === n));
  if (unknown.length > 0) throw new UsageError(`no event bus ${unknown.join(', ')} in this account and region`, { hint: `buses: ${listed.map((b) => b.name).join(', ')}` });
  const archives = await eventBridge.listArchives();
  const buses: AccountBus[] = [];
  for (const bus of listed.filter((b) => wanted.includes(b.name))) {
    const rules = await eventBridge.listRules(bus.name);
    // The default bus carries AWS service events; import it only when asked or when it has rules.
    if (bus.name === 'default' && !options.bus?.includes('default') && rules.filter((r) => !r.managedBy).length === 0) continue;
    const own = rules.filter((r) => !r.managedBy);
    const targets = await mapLimit(own, concurrency, (r) => eventBridge.listTargetsByRule(r.name, bus.name));
    buses.push({
      name: bus.name,
      rules,
      targets: Object.fromEntries(own.map((r, i) => [r.name, targets[i]!])),
      archives: archives.filter((a) => a.sourceArn === bus.arn),
    });
  }
  const queueNames = [...new Set(buses.flatMap((b) => Object.values(b.targets).flat()).filter((t) => t.arn.split(':')[2] === 'sqs').map((t) => queueNameOf(t.arn)))];
  const queues: AccountView['queues'] = {};
  await mapLimit(queueNames, concurrency, async (name) => {
    const url = await sqs.findQueueUrl(name);
    queues[name] = url ? { redrivePolicy: (await sqs.getQueueAttributes(url, ['QueueArn', 'RedrivePolicy'])).redrivePolicy } : null;
  });
  // The manifest declares a state machine's type; only the service knows it (one paged list).
  const stepFunctionsTargets = buses.some((b) => Object.values(b.targets).flat().some((t) => t.arn.split(':')[2] === 'states'));
  const stateMachineTypes = stepFunctionsTargets ? await readStateMachineTypes(aws) : undefined;
  const account = listed[0]?.arn.split(':')[4];
  return { region: aws.region, account: account || undefined, buses, queues, ...(stateMachineTypes ? { stateMachineTypes } : {}) };
}

/** Types by name; empty when the caller may not list state machines (the draft then says "confirm"). */
async function readStateMachineTypes(aws: Awaited<ReturnType<typeof openLiveAws>>): Promise<Map<string, string | undefined>> {
  try {
    return new Map([...(await (await aws.ports.stepFunctions()).listStateMachines())].map(([name, m]) => [name, m.type]));
  } catch (error) {
    if (!(error instanceof RemoteError)) throw error;
    return new Map();
  }
}

async function readSamples(ctx: CommandContext, file: string): Promise<unknown[]> {
  const text = await readUserText(ctx.resolvePath(file), { maxBytes: SAMPLE_CAP_BYTES, what: 'samples', shownAs: file });
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch (error) {
      throw new InputError(`not JSON: ${(error as Error).message}`, { location: { file, line: i + 1, column: 1 }, hint: 'one JSON event per line (an EventBridge event, or a `dlq inspect --export` line)' });
    }
  });
  return out;
}


