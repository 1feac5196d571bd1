import type { AwsClients, AwsPorts, ClientPlugin } from '../aws/index.js';
import type { CommandContext } from '../context.js';
import type { Manifest } from '../manifest/model.js';
import { packageVersion } from '../version.js';
import { UsageError } from '../errors.js';

/** The AWS side of a live command: ports over lazily built clients, and a way to close them. */
export interface LiveAws {
  ports: AwsPorts;
  clients: AwsClients;
  endpoint?: string;
  region?: string;
  close(): void;
}

/** Test and benchmark hooks; commands pass nothing. */
export interface LiveAwsOptions {
  plugins?: readonly ClientPlugin[];
  maxAttempts?: number;
}

/** Loads the AWS layer (only ever via `await import()`) and builds ports from flags, env and manifest. */
export async function openLiveAws(ctx: CommandContext, manifest: Manifest | undefined, options: LiveAwsOptions = {}): Promise<LiveAws> {
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
  const clients = aws.createAwsClients(settings, options);
  return {
    ports: aws.createAwsPorts(clients),
    clients,
    endpoint: settings.endpoint,
    region: settings.region,
    close: () => clients.destroy(),
  };
}
