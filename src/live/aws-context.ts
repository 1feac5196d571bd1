import type { AwsClients, AwsPorts, AwsWhere, ClientPlugin } from '../aws/index.js';
import type { CommandContext } from '../context.js';
import { assertProfileExists } from '../io/aws-profiles.js';
import type { Manifest } from '../manifest/model.js';
import { packageVersion } from '../version.js';
import { redactUrlPasswords } from '../text/redact.js';
import { UsageError } from '../errors.js';

/** The AWS side of a live command: ports over lazily built clients, and a way to close them. */
export interface LiveAws {
  ports: AwsPorts;
  clients: AwsClients;
  /**
   * Ports for long-running work (a redrive's move) under the `long-work` retry profile of
   * src/aws/clients.ts; built on first use. Setup calls stay on `ports`, so a dead endpoint fails
   * every command alike.
   */
  longWork(): AwsPorts;
  endpoint?: string;
  region?: string;
  /** Account (STS), region, endpoint and profile this command reads; asked once, in parallel with the work. */
  where(): Promise<AwsWhere>;
  close(): void;
}

/** Test and benchmark hooks; commands pass nothing. */
export interface LiveAwsOptions {
  plugins?: readonly ClientPlugin[];
  maxAttempts?: number;
}

/** Loads the AWS layer (only ever via `await import()`) and builds ports from flags, env and manifest. */
export async function openLiveAws(ctx: CommandContext, manifest: Pick<Manifest, 'aws'> | undefined, options: LiveAwsOptions = {}): Promise<LiveAws> {
  if (ctx.global.environment !== undefined) {
    throw new UsageError('this command acts in one account and region; --env is for lag, dlq list, drift, review --live and sandbox up', {
      hint: 'drop --env and pass --profile/--region for the account the command should act in',
    });
  }
  // The SDK's eight-line "Node 22 will be required from 2027" notice would bury eventctl's
  // one-line messages on stderr; eventctl pins the SDK, so it is noise here (shown with --verbose).
  if (!ctx.global.verbose) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const aws = await import('../aws/index.js');
  const settings = aws.resolveAwsSettings(
    {
      profile: ctx.global.profile,
      region: ctx.global.region,
      endpointUrl: ctx.global.endpointUrl,
      env: ctx.env,
      manifestAws: manifest?.aws,
    },
    packageVersion(),
  );
  assertProfileExists(settings.profile, ctx.env);
  const clients = aws.createAwsClients(settings, options);
  let where: Promise<AwsWhere> | undefined;
  let longWork: { clients: AwsClients; ports: AwsPorts } | undefined;
  return {
    where: () => (where ??= aws.describeWhere(clients)),
    ports: aws.createAwsPorts(clients),
    clients,
    longWork: () => {
      if (!longWork) {
        const built = aws.createAwsClients(settings, { ...options, retryProfile: 'long-work' });
        longWork = { clients: built, ports: aws.createAwsPorts(built) };
      }
      return longWork.ports;
    },
    // For messages and reports only (the clients use settings.endpoint): never a password.
    endpoint: settings.endpoint === undefined ? undefined : redactUrlPasswords(settings.endpoint),
    region: settings.region,
    close: () => {
      clients.destroy();
      longWork?.clients.destroy();
    },
  };
}

/** One stderr line naming where the command read, e.g. `read account 123456789012, region eu-west-2, …`. */
export function describeWhereLine(where: AwsWhere): string {
  const account = where.account ?? `unknown (${where.accountError ?? 'no identity'})`;
  return `read account ${account}, region ${where.region ?? 'unset'}, profile ${where.profile ?? '(none)'}, endpoint ${where.endpoint ?? 'AWS default'}`;
}

/** Said plainly when none of the manifest's resources exist where the command looked. */
export function noneExistMessage(where: AwsWhere, count: number, kind: string): string {
  return `none of ${count} ${kind} exist in ${where.account ?? 'this account'} / ${where.region ?? 'the default region'}: wrong region or account?`;
}

/** Prints where the command read (stderr) and returns it for JSON. */
export async function announceWhere(ctx: CommandContext, aws: LiveAws): Promise<AwsWhere> {
  const where = await aws.where();
  ctx.info(ctx.errColor.dim(describeWhereLine(where)));
  return where;
}
