import { RemoteError } from '../../errors.js';

/**
 * Retrying AWS calls inside a redrive: exponential backoff with full jitter. Throttling, 5xx,
 * unparseable (HTML) error bodies and network errors are retried; access, validation and
 * not-found errors are not (retrying them only delays the same answer).
 */
export interface BackoffOptions {
  attempts: number;
  baseMs: number;
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_BACKOFF = { attempts: 8, baseMs: 50, maxMs: 2_000 } as const;

export function backoffDelay(attempt: number, options: Pick<BackoffOptions, 'baseMs' | 'maxMs' | 'random'>): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round((options.random ?? Math.random)() * ceiling);
}

const FATAL_NAMES = /AccessDenied|NotAuthorized|InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient|QueueDoesNotExist|NonExistentQueue|InvalidAddress|InvalidParameter|MissingParameter|ValidationError|InvalidAttribute|UnsupportedOperation|BatchEntryIdsNotDistinct|TooManyEntries|BatchRequestTooLong|InvalidBatchEntryId|EmptyBatchRequest/;

export function isRetriable(error: unknown): boolean {
  // One retry policy for whole calls: the SDK's (src/aws/clients.ts). A call it already retried is
  // not retried again here: that stacked 7 s onto a dead endpoint where `dlq inspect` took 1 s.
  if (retriedBySdk(error)) return false;
  const cause = (error instanceof RemoteError ? error.cause : error) as
    | { name?: string; $metadata?: { httpStatusCode?: number }; code?: string }
    | undefined;
  if (!cause) return true;
  const name = cause.name ?? '';
  if (FATAL_NAMES.test(name)) return false;
  const status = cause.$metadata?.httpStatusCode;
  if (status === 403 && !/Throttl/i.test(name)) return false;
  return true;
}

export async function withBackoff<T>(fn: () => Promise<T>, options: BackoffOptions): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      last = error;
      if (!isRetriable(error) || attempt === options.attempts - 1) throw error;
      await options.sleep(backoffDelay(attempt, options));
    }
  }
  throw last;
}

/** True when the SDK retried this call before giving up (`$metadata.attempts` > 1). With one attempt
 * (AWS_MAX_ATTEMPTS=1) the SDK did not retry, and this loop is the policy. */
export function retriedBySdk(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const attempts = (current as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    if (typeof attempts === 'number') return attempts > 1;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
