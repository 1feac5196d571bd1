/**
 * A token bucket for `--rate <msgs/s>`: `take(n)` resolves when n messages may go. The bucket
 * holds at most one second of tokens (but always enough for one batch), so a pause is not
 * followed by a burst. Clock and sleep are parameters.
 */
export interface RateLimiter {
  take(count: number): Promise<void>;
}

export function unlimited(): RateLimiter {
  return { take: async () => undefined };
}

export function tokenBucket(ratePerSecond: number, clock: () => number, sleep: (ms: number) => Promise<void>): RateLimiter {
  if (!(ratePerSecond > 0)) return unlimited();
  const capacity = Math.max(ratePerSecond, 10);
  let tokens = Math.min(capacity, 10);
  let last = clock();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = clock();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * ratePerSecond);
    last = now;
  };
  return {
    take(count) {
      // Serialised so concurrent takers are served in order.
      const next = queue.then(async () => {
        refill();
        while (tokens < count) {
          await sleep(Math.ceil(((count - tokens) / ratePerSecond) * 1000));
          refill();
        }
        tokens -= count;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
