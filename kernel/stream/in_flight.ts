/**
 * A bound on how many messages a subscription handles at once (a counting semaphore), and a way
 * to wait until none is left (draining on stop).
 *
 * @module
 */

/** Counts messages in flight and makes callers wait for a free slot. */
export class InFlight {
  #count = 0;
  readonly #waiting: (() => void)[] = [];
  #idle: PromiseWithResolvers<void> | undefined;

  /** @param limit most messages in flight at once */
  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`limit must be at least 1: found ${limit}`);
  }

  /** Messages in flight now. */
  get count(): number {
    return this.#count;
  }

  /**
   * Takes a slot: `undefined` if one was free (taken now), otherwise a Promise that resolves once
   * a slot has been handed over.
   */
  acquire(): Promise<void> | undefined {
    if (this.#count < this.limit) {
      this.#count++;
      return undefined;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Takes a slot if one is free now; `false` (and nothing taken, nothing queued) otherwise. */
  tryAcquire(): boolean {
    if (this.#count >= this.limit) return false;
    this.#count++;
    return true;
  }

  /** Gives a slot back (to the next waiter, if any). */
  release(): void {
    const next = this.#waiting.shift();
    if (next) return next(); // the slot passes on: the count stays
    this.#count--;
    if (this.#count === 0 && this.#idle) {
      this.#idle.resolve();
      this.#idle = undefined;
    }
  }

  /** Resolves once nothing is in flight. */
  idle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    this.#idle ??= Promise.withResolvers<void>();
    return this.#idle.promise;
  }
}
