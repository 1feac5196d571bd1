import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
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
  /** Attempts per call under the on-call retry profile (the default). */
  maxAttempts: number;
  /** Attempts per call under the long-work retry profile (a redrive's move). */
  longWorkMaxAttempts: number;
  /** e.g. `eventctl/0.1.0`. */
  userAgent: string;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
/** A move of thousands of messages rides out more transient faults than a one-shot read. */
export const DEFAULT_LONG_WORK_MAX_ATTEMPTS = 8;
/** Never more, even if AWS_MAX_ATTEMPTS asks: an on-call tool must fail in seconds, not minutes. */
export const MAX_ATTEMPTS_CAP = 10;

/**
 * eventctl's retry policies for whole calls (throttling, 5xx, network errors), by name. They are
 * the SDK's retry strategies, chosen here and nowhere else: no code outside src/aws retries a
 * call the SDK gave up on.
 * - `on-call` (every command, and every setup call): fails in about a second on a dead endpoint.
 * - `long-work` (the move of a redrive, once its setup calls have answered): more attempts, and
 *   standard mode instead of adaptive; see `retryConfig`.
 */
export type RetryProfile = 'on-call' | 'long-work';

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
  // AWS_MAX_ATTEMPTS is the user's word for every call, long work included.
  const chosen = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, MAX_ATTEMPTS_CAP) : undefined;
  return {
    profile, region, endpoint, credentials,
    maxAttempts: chosen ?? DEFAULT_MAX_ATTEMPTS,
    longWorkMaxAttempts: chosen ?? DEFAULT_LONG_WORK_MAX_ATTEMPTS,
    userAgent: `eventctl/${version}`,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Something that can be added to each client's middleware stack (call counters, fault hooks). */
export type AnyClient = SQSClient | EventBridgeClient | CloudWatchClient | STSClient | LambdaClient | SFNClient | KinesisClient | SNSClient | IAMClient;
export type ClientPlugin = (client: AnyClient, service: ServiceName) => void;
export type ServiceName = 'sqs' | 'events' | 'cloudwatch' | 'sts' | 'lambda' | 'states' | 'kinesis' | 'sns' | 'iam';

export interface AwsClientOptions {
  /** Overrides the profile's attempts (tests use 1). */
  maxAttempts?: number;
  /** Which retry policy the clients get; `on-call` unless a long-running job asks by name. */
  retryProfile?: RetryProfile;
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
  /** Target kinds beyond SQS: loaded only by commands that meet such a consumer. */
  lambda(): Promise<LambdaClient>;
  stepFunctions(): Promise<SFNClient>;
  kinesis(): Promise<KinesisClient>;
  sns(): Promise<SNSClient>;
  /** Sandbox only: the execution roles an emulator insists on. */
  iam(): Promise<IAMClient>;
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

/** The SDK retry settings of a profile: the one place eventctl's retry policy is decided. */
export function retryConfig(settings: Pick<AwsSettings, 'maxAttempts' | 'longWorkMaxAttempts'>, options: Pick<AwsClientOptions, 'maxAttempts' | 'retryProfile'> = {}): { maxAttempts: number; retryMode: 'adaptive' | 'standard' } {
  if (options.retryProfile === 'long-work') {
    // Standard, not adaptive. Adaptive's client-side rate limiter, after each throttle, caps the
    // whole client at 0.7 x its measured request rate (floor 0.5 requests/s) and grows back
    // slowly; a move's client is measured mostly on long polls, so every throttle slowed all
    // later receives, sends and deletes. Measured on 100 messages with 20% throttling, same
    // attempts: adaptive 14-24 s, standard 5-8 s. The move paces itself (--rate, one send in
    // flight) and the SDK still backs off per call (1 s base on throttles). The SDK's retry quota
    // (500 tokens per client; a retry costs 5 after a throttle, 14 otherwise, refunded when the
    // call then succeeds) is ample for one client doing one job: it runs dry only when most
    // calls keep failing, and then stopping is right (the journal resumes the move).
    return { maxAttempts: options.maxAttempts ?? settings.longWorkMaxAttempts, retryMode: 'standard' };
  }
  // Adaptive: client-side rate limiting kicks in after throttling, so 200 consumers back off together.
  return { maxAttempts: options.maxAttempts ?? settings.maxAttempts, retryMode: 'adaptive' };
}

function commonConfig(settings: AwsSettings, options: AwsClientOptions) {
  const [name, version] = settings.userAgent.split('/');
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    profile: settings.profile,
    credentials: settings.credentials,
    ...retryConfig(settings, options),
    customUserAgent: [[name ?? 'eventctl', version ?? '0']] as [string, string][],
    logger: SDK_LOGGER,
    // Fail fast on an unreachable endpoint rather than hanging an on-call laptop.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
  };
}

/**
 * Marks a failed call with the profile it used (`profileInUse`), so a credential error names
 * that profile instead of telling the user to pass the --profile they passed (errors.ts).
 */
function tagProfileInUse(client: AnyClient | STSClient, profile: string | undefined): void {
  if (profile === undefined) return;
  const stack = client.middlewareStack as unknown as {
    add(middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>, options: { step: 'initialize'; name: string }): void;
  };
  stack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error !== null && typeof error === 'object' && !('profileInUse' in error)) Object.assign(error, { profileInUse: profile });
        throw error;
      }
    },
    { step: 'initialize', name: 'eventctlProfileInUse' },
  );
}

export function createAwsClients(settings: AwsSettings, options: AwsClientOptions = {}): AwsClients {
  const built = new Map<ServiceName, Promise<AnyClient>>();
  let sts: Promise<STSClient> | undefined;
  const live: Array<{ destroy(): void }> = [];
  /** Builds the service's client once, on first use. */
  const lazily = <T extends AnyClient>(service: ServiceName, build: () => Promise<T>): Promise<T> => {
    let client = built.get(service) as Promise<T> | undefined;
    if (!client) {
      client = build().then((c) => {
        tagProfileInUse(c, settings.profile);
        for (const plugin of options.plugins ?? []) plugin(c, service);
        live.push(c);
        return c;
      });
      built.set(service, client);
    }
    return client;
  };
  const config = () => commonConfig(settings, options);
  return {
    settings,
    sqs: () => lazily('sqs', async () => new (await import('@aws-sdk/client-sqs')).SQSClient(config())),
    eventBridge: () => lazily('events', async () => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(config())),
    cloudWatch: () =>
      lazily('cloudwatch', async () => {
        const [{ CloudWatchClient }, { AwsJson1_0Protocol }] = await Promise.all([import('@aws-sdk/client-cloudwatch'), import('@aws-sdk/core/protocols')]);
        // Explicit: a future SDK default (RPCv2 CBOR) would break emulators and older endpoints.
        return new CloudWatchClient({ ...config(), protocol: AwsJson1_0Protocol });
      }),
    lambda: () => lazily('lambda', async () => new (await import('@aws-sdk/client-lambda')).LambdaClient(config())),
    stepFunctions: () => lazily('states', async () => new (await import('@aws-sdk/client-sfn')).SFNClient(config())),
    kinesis: () =>
      lazily('kinesis', async () => {
        const [{ KinesisClient }, { NodeHttpHandler }] = await Promise.all([import('@aws-sdk/client-kinesis'), import('@smithy/node-http-handler')]);
        // The Kinesis client defaults to HTTP/2 (for SubscribeToShard, which eventctl never calls);
        // emulators speak HTTP/1.1 only, and every operation used here works over it.
        return new KinesisClient({ ...config(), requestHandler: new NodeHttpHandler(config().requestHandler) });
      }),
    sns: () => lazily('sns', async () => new (await import('@aws-sdk/client-sns')).SNSClient(config())),
    iam: () => lazily('iam', async () => new (await import('@aws-sdk/client-iam')).IAMClient(config())),
    // For GetCallerIdentity only: no plugins, so call counts stay the command's own.
    sts: () =>
      (sts ??= import('@aws-sdk/client-sts').then(({ STSClient }) => {
        const client = new STSClient(config());
        tagProfileInUse(client, settings.profile);
        live.push(client);
        return client;
      })),
    destroy: () => {
      for (const client of live.splice(0)) client.destroy();
    },
  };
}
