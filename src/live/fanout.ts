import { userInfo } from 'node:os';
import type { AwsClients, AwsPorts, ClientPlugin } from '../aws/index.js';
import type { CommandContext } from '../context.js';
import { ExitCode, RemoteError, UsageError } from '../errors.js';
import type { Environment, LoadedManifest } from '../manifest/model.js';
import { projectAccount, type AccountProjection } from '../ops/account-projection.js';
import { accountRegions, chooseEnvironment, placeLabel, roleArnFor, roleSessionName, type AccountRegion } from '../ops/environment.js';
import { mapLimit } from '../ops/map-limit.js';
import { packageVersion } from '../version.js';

/** Account-regions read at once (each runs its own bounded per-queue concurrency). */
export const DEFAULT_FANOUT_CONCURRENCY = 8;

/** One account-region's share of the work: the platform part that lives there, and ports acting there. */
export interface AccountSlice {
  place: AccountRegion;
  projection: AccountProjection;
  ports: AwsPorts;
  clients: AwsClients;
}

export type PlaceResult<T> = { place: AccountRegion; ok: true; value: T } | { place: AccountRegion; ok: false; reason: string };

export interface FanOut {
  envName: string;
  environment: Environment;
  places: AccountRegion[];
  endpoint?: string;
  /** Runs `work` on every place with a bounded pool; a failing place becomes `{ok: false, reason}`. */
  run<T>(work: (slice: AccountSlice) => Promise<T>, options?: { skip?: (projection: AccountProjection) => boolean }): Promise<Array<PlaceResult<T>>>;
  /** Clients acting in an account alias and region (sandbox's cross-account steps). */
  slice(alias: string, region: string): AccountSlice;
  readonly assumeRoleCalls: number;
  close(): void;
}

/** Test and benchmark hooks. */
export interface FanOutHooks {
  plugins?: readonly ClientPlugin[];
  maxAttempts?: number;
  concurrency?: number;
}

/**
 * The environment's fan-out, or undefined when the command should run single-account (no
 * environment declared or chosen). Only `src/aws` knows STS: this asks it for clients per account.
 */
export async function openFanOut(ctx: CommandContext, loaded: LoadedManifest, hooks: FanOutHooks = {}): Promise<FanOut | undefined> {
  const chosen = chooseEnvironment(loaded.manifest, ctx.global.environment, ctx.env);
  if (!chosen) return undefined;
  const { name: envName, environment } = chosen;
  if (!ctx.global.verbose) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const aws = await import('../aws/index.js');
  const base = aws.resolveAwsSettings(
    {
      profile: ctx.global.profile,
      region: ctx.global.region,
      endpointUrl: ctx.global.endpointUrl,
      env: ctx.env,
      manifestAws: { region: environment.regions[0], profile: environment.profile ?? loaded.manifest.aws?.profile },
    },
    packageVersion(),
  );
  const sessions = aws.createRoleSessions(base, roleSessionName(ctx.env.USER ?? ctx.env.LOGNAME ?? ctx.env.USERNAME ?? safeUser()), hooks);
  // --region narrows the fan-out to one of the environment's regions.
  const asked = ctx.global.region;
  if (asked !== undefined && !environment.regions.includes(asked)) {
    throw new UsageError(`--region ${asked} is not a region of environment '${envName}'`, { hint: `its regions: ${environment.regions.join(', ')}` });
  }
  const places = accountRegions(environment).filter((p) => asked === undefined || p.region === asked);
  const sole = Object.keys(environment.accounts).length === 1;
  const projections = new Map(Object.keys(environment.accounts).map((alias) => [alias, projectAccount(loaded.manifest, alias, sole)]));
  const slices = new Map<string, AccountSlice>();
  const slice = (alias: string, region: string): AccountSlice => {
    const key = `${alias}\n${region}`;
    let found = slices.get(key);
    if (!found) {
      const accountId = environment.accounts[alias]!;
      const clients = sessions.clientsFor({ accountId, roleArn: roleArnFor(environment, accountId, envName), externalId: environment.externalId }, region);
      found = { place: { alias, accountId, region }, projection: projections.get(alias)!, clients, ports: aws.createAwsPorts(clients) };
      slices.set(key, found);
    }
    return found;
  };
  const concurrency = hooks.concurrency ?? DEFAULT_FANOUT_CONCURRENCY;

  return {
    envName,
    environment,
    places,
    endpoint: base.endpoint,
    async run(work, options = {}) {
      const chosenPlaces = places.filter((p) => !options.skip?.(projections.get(p.alias)!));
      let done = 0;
      const progress = (place: AccountRegion) => {
        done += 1;
        if (ctx.io.stderrIsTTY && chosenPlaces.length > 1) {
          ctx.io.writeStderr(`\r\x1b[2K${done}/${chosenPlaces.length} account-regions read (${placeLabel(place)})${done === chosenPlaces.length ? '\n' : ''}`);
        }
      };
      return mapLimit(chosenPlaces, concurrency, async (place): Promise<PlaceResult<Awaited<ReturnType<typeof work>>>> => {
        try {
          const value = await work(slice(place.alias, place.region));
          progress(place);
          return { place, ok: true, value };
        } catch (error) {
          // Only remote trouble is isolated to its account; a bug or bad input stops the run.
          if (!(error instanceof RemoteError)) throw error;
          if (ctx.io.stderrIsTTY) ctx.io.writeStderr('\r\x1b[2K');
          ctx.warn(`${placeLabel(place)} (${place.accountId}) unreadable: ${error.message}`);
          progress(place);
          return { place, ok: false, reason: error.message };
        }
      });
    },
    slice,
    get assumeRoleCalls() {
      return sessions.assumeRoleCalls;
    },
    close: () => sessions.destroy(),
  };
}

/** The login name for the STS session name, if the OS can say. */
export function safeUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** Exit code for a fan-out: 4 when every place failed, else 1 on findings or failures, else 0. */
export function fanOutExitCode(results: ReadonlyArray<{ ok: boolean }>, findings: boolean): number {
  if (results.length > 0 && results.every((r) => !r.ok)) return ExitCode.remote;
  return findings || results.some((r) => !r.ok) ? ExitCode.findings : ExitCode.ok;
}
