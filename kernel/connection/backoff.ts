/**
 * The wait between attempts to reach a service again: it starts at an initial delay, grows by a
 * factor after every attempt up to a longest delay, and may get a random share added (jitter) so
 * that a fleet of processes does not reconnect in lock step. Once connected, start over.
 *
 * @module
 */

/** How a {@link Backoff} grows. */
export interface BackoffOptions {
  /** The first wait, in ms (0: every wait is 0). */
  initialMs: number;
  /** The longest wait before jitter, in ms; one below `initialMs` counts as `initialMs`. */
  maxMs: number;
  /** How much each wait grows over the one before. @default 2 */
  factor?: number;
  /** Up to this share of each wait is added at random (0: none, 0.2: up to 20%). @default 0.2 */
  jitter?: number;
  /** Source of the jitter, in [0, 1). @default Math.random */
  random?: () => number;
}

/** Exponential backoff between connection attempts. */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #attempts = 0;
  #base: number;
  #current: number;

  /**
   * @param options see {@link BackoffOptions}
   * @throws {RangeError} for a negative delay, a factor below 1 or a jitter outside [0, 1]
   */
  constructor(options: BackoffOptions) {
    const { initialMs, maxMs, factor = 2, jitter = 0.2, random = Math.random } = options;
    if (!(initialMs >= 0 && maxMs >= 0)) {
      throw new RangeError(
        `backoff delays must be at least 0 ms: found initialMs ${initialMs}, maxMs ${maxMs}`,
      );
    }
    if (!(factor >= 1)) throw new RangeError(`backoff factor must be at least 1: found ${factor}`);
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new RangeError(`backoff jitter must be between 0 and 1: found ${jitter}`);
    }
    this.#initial = initialMs;
    this.#max = Math.max(maxMs, initialMs);
    this.#factor = factor;
    this.#jitter = jitter;
    this.#random = random;
    this.#base = initialMs;
    this.#current = initialMs;
  }

  /** Waits handed out by {@link next} since the start or the last {@link reset}. */
  get attempts(): number {
    return this.#attempts;
  }

  /** The wait {@link next} handed out last (the initial delay before the first), in ms. */
  get current(): number {
    return this.#current;
  }

  /** The wait before the next attempt, in ms; the one after will be longer (up to the max). */
  next(): number {
    this.#base = this.#attempts === 0
      ? this.#initial
      : Math.min(this.#max, this.#base * this.#factor);
    this.#attempts++;
    this.#current = Math.round(this.#base * (1 + this.#jitter * this.#random()));
    return this.#current;
  }

  /** Starts over from the initial delay (call once connected). */
  reset(): void {
    this.#attempts = 0;
    this.#base = this.#initial;
    this.#current = this.#initial;
  }
}
