import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import { UsageError } from '../errors.js';
import { redactUrlPasswords } from '../text/redact.js';

/** Where AWS settings come from: flags, then the standard environment, then the manifest. */
export interface AwsSettingsInput {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  env: NodeJS.ProcessEnv;
  manifestAws?: { region?: string; profile?: string };
}

/** Keys, or (assumed roles) a provider the SDK calls before each request. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface AwsSettings {
  profile?: string;
  /** Undefined: let the SDK read it from the shared config file of the profile. */
  region?: string;
  endpoint?: string;
  /** Static credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, when no profile was asked for. */
  credentials?: StaticCredentials | (() => Promise<StaticCredentials>);
  /** Upper bound on attempts per call (adaptive retry mode). */
  maxAttempts: number;
  /** e.g. `eventctl/0.1.0`. */
  userAgent: string;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
/** Never more, even if AWS_MAX_ATTEMPTS asks: an on-call tool must fail in seconds, not minutes. */
export const MAX_ATTEMPTS_CAP = 10;

/**
 * Resolves flags > AWS_* environment > manifest `aws:`. Pure: reads only `input.env`.
 * Credentials are never invented: with an endpoint and no credentials, the SDK's normal chain
 * runs and fails with a clear error.
 */
export function resolveAwsSettings(input: AwsSettingsInput, version = '0.0.0'): AwsSettings {
  const { env } = input;
  const profile = input.profile ?? nonEmpty(env.AWS_PROFILE) ?? input.manifestAws?.profile;
  const region =
    input.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? input.manifestAws?.region;
  const endpoint = input.endpointUrl ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new UsageError(`--endpoint-url '${redactUrlPasswords(endpoint)}' is not a URL`, { hint: 'e.g. http://127.0.0.1:5000' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(`--endpoint-url '${redactUrlPasswords(endpoint)}' must be http or https`);
    }
  }
  // An explicit --profile wins over keys in the environment (as the AWS CLI does).
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const credentials =
    input.profile === undefined && accessKeyId && secretAccessKey
      ? { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) }
      : undefined;
  const asked = Number(env.AWS_MAX_ATTEMPTS);
  const maxAttempts = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, MAX_ATTEMPTS_CAP) : DEFAULT_MAX_ATTEMPTS;
  return { profile, region, endpoint, credentials, maxAttempts, userAgent: `eventctl/${version}` };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Something that can be added to each client's middleware stack (call counters, fault hooks). */
export type ClientPlugin = (client: SQSClient | EventBridgeClient | CloudWatchClient | STSClient, service: ServiceName) => void;
export type ServiceName = 'sqs' | 'events' | 'cloudwatch' | 'sts';

export interface AwsClientOptions {
  /** Overrides `settings.maxAttempts` (tests use 1). */
  maxAttempts?: number;
  plugins?: readonly ClientPlugin[];
}

/** SDK clients, each built once on first use (an SQS-only command never loads CloudWatch). */
export interface AwsClients {
  readonly settings: AwsSettings;
  sqs(): Promise<SQSClient>;
  eventBridge(): Promise<EventBridgeClient>;
  cloudWatch(): Promise<CloudWatchClient>;
  /** For GetCallerIdentity only (who the credentials belong to); no plugins, so call counts stay the command's own. */
  sts(): Promise<STSClient>;
  /** Closes sockets so the process can exit promptly. */
  destroy(): void;
}

/**
 * The SDK's logger: silent except for warnings, and never its nine-line "multiple credential
 * sources" notice (an explicit --profile with AWS_ACCESS_KEY_ID also set is eventctl's documented
 * choice: the profile wins, as in the AWS CLI).
 */
class SdkLogger {
  debug(): void {}
  info(): void {}
  warn(...content: unknown[]): void {
    if (content.some((c) => typeof c === 'string' && c.includes('Multiple credential sources'))) return;
    console.warn(...content);
  }
  error(): void {}
}
const SDK_LOGGER = new SdkLogger();

function commonConfig(settings: AwsSettings, options: AwsClientOptions) {
  const [name, version] = settings.userAgent.split('/');
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    profile: settings.profile,
    credentials: settings.credentials,
    maxAttempts: options.maxAttempts ?? settings.maxAttempts,
    // Adaptive: client-side rate limiting kicks in after throttling, so 200 consumers back off together.
    retryMode: 'adaptive',
    customUserAgent: [[name ?? 'eventctl', version ?? '0']] as [string, string][],
    logger: SDK_LOGGER,
    // Fail fast on an unreachable endpoint rather than hanging an on-call laptop.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
  };
}

export function createAwsClients(settings: AwsSettings, options: AwsClientOptions = {}): AwsClients {
  const built: { sqs?: Promise<SQSClient>; events?: Promise<EventBridgeClient>; cw?: Promise<CloudWatchClient>; sts?: Promise<STSClient> } = {};
  const live: Array<{ destroy(): void }> = [];
  const plug = <T extends SQSClient | EventBridgeClient | CloudWatchClient>(client: T, service: ServiceName): T => {
    for (const plugin of options.plugins ?? []) plugin(client, service);
    live.push(client);
    return client;
  };
  return {
    settings,
    sqs: () =>
      (built.sqs ??= import('@aws-sdk/client-sqs').then(({ SQSClient }) =>
        plug(new SQSClient(commonConfig(settings, options)), 'sqs'),
      )),
    eventBridge: () =>
      (built.events ??= import('@aws-sdk/client-eventbridge').then(({ EventBridgeClient }) =>
        plug(new EventBridgeClient(commonConfig(settings, options)), 'events'),
      )),
    cloudWatch: () =>
      (built.cw ??= Promise.all([import('@aws-sdk/client-cloudwatch'), import('@aws-sdk/core/protocols')]).then(
        ([{ CloudWatchClient }, { AwsJson1_0Protocol }]) =>
          plug(
            // Explicit: a future SDK default (RPCv2 CBOR) would break emulators and older endpoints.
            new CloudWatchClient({ ...commonConfig(settings, options), protocol: AwsJson1_0Protocol }),
            'cloudwatch',
          ),
      )),
    sts: () =>
      (built.sts ??= import('@aws-sdk/client-sts').then(({ STSClient }) => {
        const client = new STSClient(commonConfig(settings, options));
        live.push(client);
        return client;
      })),
    destroy: () => {
      for (const client of live.splice(0)) client.destroy();
    },
  };
}
