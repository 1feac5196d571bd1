import type { CommandContext } from '../context.js';
import { RefusedError, UsageError } from '../errors.js';
import { consumerAccount } from '../approval/resources.js';
import type { Consumer, Manifest } from '../manifest/model.js';
import { roleArnFor, roleSessionName } from '../ops/environment.js';
import { redactUrlPasswords } from '../text/redact.js';
import { packageVersion } from '../version.js';
import type { LiveAws, LiveAwsOptions } from './aws-context.js';
import { safeUser } from './fanout.js';

/** Where a gated run acts under an environment: one account id and region. */
export interface TargetPlace {
  account: string;
  region: string;
}

/**
 * The one place a replay or redrive plan acts in under an environment: every target names the
 * same account and region (one StartReplay, one DLQ move). The gate checks that place against
 * the protected branch; this only refuses a plan that spreads over several places.
 */
export function planPlace(targets: ReadonlyArray<{ consumer: string; account?: string; region?: string }>): TargetPlace {
  const places = [...new Set(targets.map((t) => `${t.account ?? '?'}/${t.region ?? '?'}`))];
  const first = targets[0];
  if (places.length !== 1 || !first?.account || !first.region) {
    throw new RefusedError('the plan does not name one account and region for its targets; nothing was sent to AWS', [`targets name ${places.join(', ')}; a run acts in one account and region (make one plan per place)`]);
  }
  return { account: first.account, region: first.region };
}

/**
 * Where a plan-less redrive (or a redrive plan being written) acts: the account the consumer's
 * alias maps to in `manifest`'s environment, in --region (needed when the environment has several).
 */
export function consumerPlace(manifest: Manifest, envName: string, consumer: Consumer, region: string | undefined): TargetPlace {
  const environment = manifest.environments?.[envName];
  if (!environment) throw new UsageError(`no environment '${envName}' in the manifest`);
  const account = consumerAccount(consumer, environment);
  if (!account) throw new UsageError(`consumer ${consumer.name} names no account of environment '${envName}'`, { hint: `set account: <alias> on the consumer (aliases: ${Object.keys(environment.accounts).join(', ')})` });
  const chosen = region ?? (environment.regions.length === 1 ? environment.regions[0] : undefined);
  if (!chosen || !environment.regions.includes(chosen)) {
    throw new UsageError(`${region ? `--region ${region} is not a region of environment '${envName}'` : `environment '${envName}' has several regions; say which one`}`, { hint: `pass --region ${environment.regions.join('|')}` });
  }
  return { account, region: chosen };
}

/**
 * Clients acting in `place` through the role of the *trusted* manifest's environment (the
 * protected branch's `roleName`/`roleArn`, never the plan's or the working tree's), assumed
 * through the usual first hop (--profile / environment chain). Only `src/aws` knows STS.
 */
export async function openTargetAws(ctx: CommandContext, trusted: Manifest, envName: string, place: TargetPlace, options: LiveAwsOptions = {}): Promise<LiveAws> {
  const environment = trusted.environments?.[envName];
  if (!environment) throw new RefusedError(`environment '${envName}' is not declared on the protected branch; nothing was sent to AWS`, []);
  if (ctx.global.region !== undefined && ctx.global.region !== place.region) {
    throw new UsageError(`--region ${ctx.global.region} differs from ${place.region}, where the plan acts`, { hint: 'drop --region: a plan under an environment names its region' });
  }
  if (!ctx.global.verbose) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const aws = await import('../aws/index.js');
  const base = aws.resolveAwsSettings(
    { profile: ctx.global.profile, region: place.region, endpointUrl: ctx.global.endpointUrl, env: ctx.env, manifestAws: { region: place.region, profile: environment.profile ?? trusted.aws?.profile } },
    packageVersion(),
  );
  const sessions = aws.createRoleSessions(base, roleSessionName(ctx.env.USER ?? ctx.env.LOGNAME ?? ctx.env.USERNAME ?? safeUser()), options);
  const role = { accountId: place.account, roleArn: roleArnFor(environment, place.account, envName), ...(environment.externalId ? { externalId: environment.externalId } : {}) };
  const clients = sessions.clientsFor(role, place.region);
  let where: ReturnType<LiveAws['where']> | undefined;
  let longWork: ReturnType<LiveAws['longWork']> | undefined;
  return {
    ports: aws.createAwsPorts(clients),
    clients,
    // Same role session; sessions.destroy() closes these clients too.
    longWork: () => (longWork ??= aws.createAwsPorts(sessions.clientsFor(role, place.region, 'long-work'))),
    endpoint: base.endpoint === undefined ? undefined : redactUrlPasswords(base.endpoint),
    region: place.region,
    where: () => (where ??= aws.describeWhere(clients)),
    close: () => sessions.destroy(),
  };
}
