/**
 * Re-sending (and re-deleting) the entries a SendMessageBatch or DeleteMessageBatch answered as
 * Failed inside an HTTP 200: a partial batch failure, which the SDK cannot see as an error and so
 * never retries. Whole calls (throttling, 5xx, network errors) are never retried here: that is the
 * SDK's retry policy, chosen once in src/aws/clients.ts.
 */
export interface FailedEntryRetry {
  /** Tries per entry, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const FAILED_ENTRY_RETRY: FailedEntryRetry = { attempts: 8, baseMs: 50, maxMs: 2_000 };

/** Exponential backoff with full jitter before try `attempt` (1-based retries). */
export function failedEntryDelay(attempt: number, retry: Pick<FailedEntryRetry, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxMs, retry.baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}
