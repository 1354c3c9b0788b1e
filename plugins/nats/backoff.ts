/**
 * Reconnection backoff: the first attempt after a disconnect is immediate, then the wait doubles
 * from a base up to a ceiling, with up to 20% random jitter so a fleet of processes does not
 * reconnect in lock step.
 *
 * @module
 */

/** Exponential backoff between connection attempts. */
export class Backoff {
  #failures = 0;
  #wait: number;

  /**
   * @param baseMs first wait
   * @param maxMs longest wait
   * @param random source of jitter in [0, 1)
   */
  constructor(
    readonly baseMs: number,
    readonly maxMs: number,
    readonly random: () => number = Math.random,
  ) {
    this.#wait = baseMs;
  }

  /** Records an attempt about to be made; the wait before the next one grows. */
  attempted(): void {
    const exponent = Math.min(this.#failures, 30);
    const wait = Math.min(this.maxMs, this.baseMs * 2 ** exponent);
    this.#wait = Math.round(wait * (1 + 0.2 * this.random()));
    this.#failures++;
  }

  /** The wait before the next attempt, in ms. */
  delay(): number {
    return this.#wait;
  }

  /** Starts over (call once connected). */
  reset(): void {
    this.#failures = 0;
    this.#wait = this.baseMs;
  }
}
