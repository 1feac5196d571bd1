import { dump } from 'js-yaml';
import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { askChoice, askText } from '../io/prompts.js';
import { CLASS_OBLIGATIONS } from '../manifest/class-obligations.js';
import { writeDraft } from '../manifest/draft-files.js';
import { CONSUMER_CLASSES, type ConsumerClass } from '../manifest/model.js';
import { wrapCommand } from '../text/wrap.js';
import { detailTypeFor, keyFieldFor, planInit, type InitAnswers, type InitFiles } from './plan-init.js';

export interface InitOptions {
  platform?: string;
  bus?: string[];
  topic?: string;
  source?: string;
  detailType?: string;
  key?: string;
  owner?: string;
  consumer?: string;
  class?: string;
  sideEffect?: string[];
  workflow?: string;
  region?: string;
  account?: string;
  force?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const checkName = (v: string): true | string => (NAME.test(v) ? true : 'letters, digits, ".", "_" and "-" (at most 64)');

/**
 * `eventctl init`: asks on a terminal for what the flags did not give; without a terminal every
 * required answer must be a flag. Writes the manifest (--manifest, default ./eventctl.yaml) and
 * the first topic's schema skeleton, refuses to overwrite without --force, and checks the result
 * with the same loader `validate` uses before putting anything in place.
 */
export async function initCommand(ctx: CommandContext, options: InitOptions): Promise<number> {
  const answers = ctx.interactive ? await ask(ctx, options) : fromFlags(options);
  const files = planInit(answers);
  const written = await writeDraft({
    command: 'init',
    manifestFile: ctx.resolvePath(ctx.global.manifest),
    shownAs: ctx.global.manifest,
    manifestText: manifestText(files),
    extra: [{ path: files.schemaPath, text: `${JSON.stringify(files.schema, null, 2)}\n` }],
    force: options.force === true,
    cwd: ctx.cwd,
  });
  ctx.info(`wrote ${written.join(' and ')}`);
  ctx.info(['next: fill in the schema, then', ...['eventctl validate', 'eventctl lint', 'eventctl graph'].map((c) => wrapCommand(c, ctx.tableWidth))].join('\n'));
  return ExitCode.ok;
}


function manifestText(files: InitFiles): string {
  const header = [
    `# ${files.manifest.platform}: written by \`eventctl init\`. Values marked TODO and the starting`,
    '# numbers (windows, SLOs, maxReceiveCount) are for the team to confirm; `eventctl lint` lists the rest.',
  ];
  return `${header.join('\n')}\n${dump(files.manifest, { noRefs: true, lineWidth: 100 })}`;
}


function parseClass(value: string | undefined): ConsumerClass | undefined {
  if (value === undefined) return undefined;
  if (!(CONSUMER_CLASSES as readonly string[]).includes(value)) {
    throw new UsageError(`unknown class '${value}'`, { hint: `use one of: ${CONSUMER_CLASSES.join(', ')}` });
  }
  return value as ConsumerClass;
}

function fromFlags(o: InitOptions): InitAnswers {
  const missing = [
    ['--platform', o.platform],
    ['--topic', o.topic],
    ['--consumer', o.consumer],
    ['--class', o.class],
  ].filter(([, v]) => v === undefined).map(([flag]) => flag!);
  if (missing.length > 0) {
    throw new UsageError(`init without a terminal needs ${missing.join(', ')}`, {
      hint: 'e.g. eventctl init --platform shop --topic order.placed --consumer billing --class operational --side-effect payments-api',
    });
  }
  const topic = o.topic!;
  return {
    platform: o.platform!,
    buses: o.bus && o.bus.length > 0 ? o.bus : ['main'],
    topic,
    source: o.source ?? `com.${o.platform}.${topic.split('.')[0]}`,
    detailType: o.detailType ?? detailTypeFor(topic),
    keyField: o.key ?? keyFieldFor(topic),
    owner: o.owner ?? `team-${o.platform}`,
    consumer: o.consumer!,
    consumerClass: parseClass(o.class)!,
    sideEffects: o.sideEffect ?? [],
    workflow: o.workflow,
    region: o.region,
    account: o.account,
  };
}

async function ask(ctx: CommandContext, o: InitOptions): Promise<InitAnswers> {
  const platform = o.platform ?? (await askText(ctx, 'Platform name', { validate: checkName }));
  const buses =
    o.bus && o.bus.length > 0
      ? o.bus
      : (await askText(ctx, 'EventBridge buses (comma-separated)', {
          default: 'main',
          validate: (v) => v.split(',').map((b) => b.trim()).every((b) => NAME.test(b)) || 'bus names: letters, digits, ".", "_" and "-"',
        }))
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean);
  const topic = o.topic ?? (await askText(ctx, 'First topic (e.g. order.placed)', { validate: checkName }));
  const source = o.source ?? (await askText(ctx, 'Its EventBridge source', { default: `com.${platform}.${topic.split('.')[0]}` }));
  const detailType = o.detailType ?? (await askText(ctx, 'Its detail-type', { default: detailTypeFor(topic) }));
  const keyField = o.key ?? (await askText(ctx, 'The field that identifies the entity (idempotency / correlation key)', { default: keyFieldFor(topic) }));
  const owner = o.owner ?? (await askText(ctx, 'Owning team', { default: `team-${platform}` }));
  const consumer = o.consumer ?? (await askText(ctx, 'First consumer', { validate: checkName }));
  const consumerClass =
    parseClass(o.class) ??
    (await askChoice(
      ctx,
      'Its class',
      CONSUMER_CLASSES.map((c) => ({ value: c, description: CLASS_OBLIGATIONS[c].map((ob) => ob.summary).join('; ') })),
      'projection',
    ));
  ctx.info(`a ${consumerClass} consumer brings: ${CLASS_OBLIGATIONS[consumerClass].map((ob) => ob.field).join(', ')}`);
  let sideEffects = o.sideEffect ?? [];
  if (consumerClass === 'operational' && sideEffects.length === 0) {
    sideEffects = (await askText(ctx, 'Its side effects (comma-separated: payments-api, email…)', { validate: (v) => v.length > 0 || 'name at least one' }))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const workflow = consumerClass === 'workflow' ? (o.workflow ?? (await askText(ctx, 'The workflow (state machine) it starts', { default: consumer, validate: checkName }))) : undefined;
  return { platform, buses, topic, source, detailType, keyField, owner, consumer, consumerClass, sideEffects, workflow, region: o.region, account: o.account };
}
