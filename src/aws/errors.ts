import { EventctlError, RemoteError } from '../errors.js';

/** What was being done when an SDK call failed, so the message can name it. */
export interface CallSite {
  /** IAM service prefix: `sqs`, `events`, `cloudwatch`, `sts`, `lambda`, `states`, `kinesis`, `sns`, `iam`. */
  service: 'sqs' | 'events' | 'cloudwatch' | 'sts' | 'lambda' | 'states' | 'kinesis' | 'sns' | 'iam';
  /** API operation, e.g. `GetQueueAttributes`. */
  operation: string;
  /** The resource the call was about, e.g. `queue billing-charge-dlq`. */
  resource?: string;
  /** The endpoint, when not the default AWS one (named in "cannot reach" errors). */
  endpoint?: string;
}

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $fault?: 'client' | 'server';
  cause?: unknown;
  /** The profile the failed call used (set by clients.ts), for credential hints. */
  profileInUse?: string;
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ProviderError',
  'TokenProviderError',
]);
const BAD_CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'InvalidSecurity',
  'AuthFailure',
]);
const ACCESS_DENIED_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AccessDeniedFault',
  'UnauthorizedOperation',
  'NotAuthorized',
]);
const THROTTLING_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'SlowDown',
]);
const NOT_FOUND_ERRORS = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'ResourceNotFoundException',
  'ResourceNotFound',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

function networkCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as SdkLikeError & { errors?: unknown[] };
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === 'TimeoutError' || e.code === 'TimeoutError') return 'ETIMEDOUT';
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = networkCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return networkCode(e.cause, depth + 1);
}

/** The IAM action an operation needs, e.g. `sqs:GetQueueAttributes`. */
export function permissionFor(site: Pick<CallSite, 'service' | 'operation'>): string {
  // SQS batch calls are authorised by the single-message action (sqs:SendMessage, …).
  const action = site.service === 'sqs' ? site.operation.replace(/Batch$/, '') : site.operation;
  return `${site.service}:${action}`;
}

function about(site: CallSite): string {
  return site.resource ? ` (${site.resource})` : '';
}

/**
 * Turns any error thrown by an AWS SDK call into a one-line RemoteError (exit 4) that names the
 * operation, the resource and, for access errors, the IAM permission that is missing.
 * EventctlErrors pass through unchanged.
 */
export function toRemoteError(error: unknown, site: CallSite): EventctlError {
  if (error instanceof EventctlError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const raw = (e.message ?? String(error)).split('\n')[0]!.trim();
  const where = `${site.operation}${about(site)}`;

  const profile = e.profileInUse;
  if (CREDENTIAL_ERRORS.has(name) || /could not load credentials|credential is missing/i.test(raw)) {
    // A profile was in use (--profile, AWS_PROFILE or the manifest): the fix is in that profile.
    return new RemoteError(`no AWS credentials found for ${where}${profile !== undefined ? ` in profile '${profile}'` : ''}`, {
      hint: profile !== undefined ? refreshProfileHint(profile) : 'set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      cause: error,
    });
  }
  if (/region is missing/i.test(raw)) {
    return new RemoteError(`no AWS region configured for ${where}`, {
      hint: 'pass --region, set AWS_REGION, or set aws.region in the manifest',
      cause: error,
    });
  }
  const net = networkCode(error);
  if (net) {
    return new RemoteError(
      `cannot reach ${site.endpoint ?? `the ${site.service} endpoint`} for ${where}: ${net}`,
      { hint: 'check --endpoint-url / AWS_ENDPOINT_URL and your network', cause: error, unanswered: true },
    );
  }
  if (BAD_CREDENTIAL_ERRORS.has(name)) {
    return new RemoteError(`AWS rejected the credentials for ${where}: ${name}`, {
      hint: profile !== undefined
        ? `the credentials of profile '${profile}' are unknown, expired or do not match; ${refreshProfileHint(profile)}`
        : 'the access key is unknown, expired or does not match its secret; check AWS_PROFILE / --profile',
      cause: error,
    });
  }
  if (status === 403 && !ACCESS_DENIED_ERRORS.has(name)) {
    // A 403 whose body the SDK could not read (emulators and proxies answer in XML or HTML).
    return new RemoteError(`AWS refused ${where} (HTTP 403): the credentials were rejected or lack ${permissionFor(site)}`, {
      hint: `check AWS_PROFILE / --profile and that the caller may ${permissionFor(site)}`,
      cause: error,
    });
  }
  if (ACCESS_DENIED_ERRORS.has(name)) {
    return new RemoteError(`access denied: ${where} needs ${permissionFor(site)}`, {
      hint: `grant ${permissionFor(site)} to the caller, or use a profile that has it`,
      cause: error,
    });
  }
  if (NOT_FOUND_ERRORS.has(name) || (site.service === 'sqs' && /does not exist/i.test(raw))) {
    const resource = site.resource ?? 'resource';
    return new RemoteError(`${resource} does not exist (${site.operation})`, {
      hint: 'check the name and region, or run `eventctl drift` to compare the manifest with the account',
      cause: error,
    });
  }
  if (THROTTLING_ERRORS.has(name) || status === 429) {
    return new RemoteError(
      `throttled by AWS on ${where}${attempts ? ` after ${attempts} attempts` : ''}`,
      { hint: 'retry later, or ask for fewer consumers at once', cause: error, unanswered: true },
    );
  }
  if (status !== undefined && status >= 500) {
    return new RemoteError(
      `${site.service} service error on ${where}: HTTP ${status}${attempts ? ` after ${attempts} attempts` : ''}`,
      { hint: 'the service or emulator failed; retry, and check whether it implements this operation', cause: error, unanswered: true },
    );
  }
  const label = name && name !== 'Error' ? `${name}: ` : '';
  return new RemoteError(`${where} failed: ${label}${raw}`, { cause: error });
}

function refreshProfileHint(profile: string): string {
  return `refresh the credentials of profile '${profile}' (e.g. aws sso login --profile ${profile}) or give it keys`;
}

/** Runs one SDK call for a port; any failure becomes a one-line RemoteError naming the call. */
export type RemoteCall = <T>(operation: string, resource: string | undefined, fn: () => Promise<T>) => Promise<T>;

export function remoteCaller(service: CallSite['service'], endpoint?: string): RemoteCall {
  return async (operation, resource, fn) => {
    try {
      return await fn();
    } catch (error) {
      throw toRemoteError(error, { service, operation, resource, endpoint });
    }
  };
}

/** EventBridge's "no such rule / archive / replay / bus" answer. */
export function isResourceNotFound(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ResourceNotFoundException';
}
