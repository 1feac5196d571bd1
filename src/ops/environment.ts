import { UsageError } from '../errors.js';
import type { Environment, Manifest } from '../manifest/model.js';

/** One place a fan-out command reads: an account (by alias and id) in one region. */
export interface AccountRegion {
  alias: string;
  accountId: string;
  region: string;
}

export interface ChosenEnvironment {
  name: string;
  environment: Environment;
}

/**
 * The environment `--env` (else EVENTCTL_ENV) names. Undefined when the manifest has none and
 * none was asked for: the command runs single-account, as before. With exactly one environment
 * declared it is chosen without asking.
 */
export function chooseEnvironment(manifest: Manifest, flag: string | undefined, env: NodeJS.ProcessEnv): ChosenEnvironment | undefined {
  const asked = flag ?? (env.EVENTCTL_ENV === '' ? undefined : env.EVENTCTL_ENV);
  const declared = manifest.environments ?? {};
  const names = Object.keys(declared);
  if (asked === undefined) {
    if (names.length === 0) return undefined;
    if (names.length === 1) return { name: names[0]!, environment: declared[names[0]!]! };
    throw new UsageError(`the manifest declares ${names.length} environments; say which one`, { hint: `pass --env ${names.join('|')} (or set EVENTCTL_ENV)` });
  }
  const environment = declared[asked];
  if (!environment) {
    throw new UsageError(`no environment '${asked}' in the manifest`, {
      hint: names.length > 0 ? `environments: ${names.join(', ')}` : 'declare environments: {<name>: {accounts, regions, roleName}} in the manifest',
    });
  }
  return { name: asked, environment };
}

/** The environment named by `--env` (else a non-empty EVENTCTL_ENV), without choosing a default. */
export function environmentAsked(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? (env.EVENTCTL_ENV ? env.EVENTCTL_ENV : undefined);
}

/** Every account × region of the environment, accounts in declared order. */
export function accountRegions(environment: Environment): AccountRegion[] {
  return Object.entries(environment.accounts).flatMap(([alias, accountId]) => environment.regions.map((region) => ({ alias, accountId, region })));
}

/** The role to assume in `accountId`: `roleArn` (with `{account}` filled in) or `roleName`. */
export function roleArnFor(environment: Environment, accountId: string, envName: string): string {
  if (environment.roleArn) return environment.roleArn.replace(/\{account\}/g, accountId);
  if (environment.roleName) {
    const path = environment.roleName.includes('/') ? environment.roleName.replace(/^\/+/, '') : environment.roleName;
    return `arn:aws:iam::${accountId}:role/${path}`;
  }
  throw new UsageError(`environment '${envName}' names no role to assume in its accounts`, { hint: 'add roleName: <role> (or roleArn: arn:aws:iam::{account}:role/<role>) to the environment' });
}

/** `eventctl-<user>`, cut to what STS accepts (2–64 of [\w+=,.@-]); shows in CloudTrail. */
export function roleSessionName(user: string | undefined): string {
  const clean = (user ?? '').replace(/[^\w+=,.@-]/g, '-');
  return `eventctl-${clean || 'user'}`.slice(0, 64);
}

/** `orders/eu-west-1`: how a row names where it was read. */
export function placeLabel(place: Pick<AccountRegion, 'alias' | 'region'>): string {
  return `${place.alias}/${place.region}`;
}
