/**
 * Test support: waiting for things that arrive one at a time (records, messages) until a
 * condition holds, with a time limit that says what had arrived.
 *
 * @module
 */

/** Notified at each arrival; {@link until} resolves once a condition holds. */
export class Arrivals {
  readonly #waiters = new Set<() => void>();

  /** Checks every waiting condition (call after each arrival). */
  notify(): void {
    for (const waiter of this.#waiters) waiter();
  }

  /**
   * Resolves once `done()` holds (checked now and at each arrival); rejects after `timeoutMs`
   * with `timedOut()` as the message.
   */
  until(done: () => boolean, timeoutMs: number, timedOut: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(timedOut()));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }
}
