/**
 * Bounded retries, for connecting at start-up.
 *
 * @module
 */

/** How to retry. */
export interface RetryOptions {
  /** Attempts in all (at least 1). */
  attempts: number;
  /** Wait between attempts, in ms. */
  waitMs: number;
  /** Called after each failed attempt (1-based) but the last. */
  onRetry?(error: unknown, attempt: number): void;
  /** Sleeps; replaceable in tests. */
  sleep?(ms: number): Promise<void>;
}

/** Calls `attempt` until it succeeds or `attempts` calls have failed; then throws the last error. */
export async function retry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let n = 1;; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.attempts) throw error;
      options.onRetry?.(error, n);
      await sleep(options.waitMs);
    }
  }
}
