/**
 * A bounded pool of warm instances of one module. `acquire` hands out an idle instance at once
 * when there is one (no Promise on the hot path), creates one while under the bound, and
 * otherwise queues the caller until an instance comes back.
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/** Counters of one pool, for metrics. */
export interface PoolStats {
  /** Instances alive (idle + busy + being created). */
  instances: number;
  /** Instances serving an invocation. */
  busy: number;
  /** Callers waiting for an instance. */
  waiting: number;
  /** Upper bound of instances. */
  max: number;
}

/** The pool's queue of callers waiting for an item is full. */
export class PoolFullError extends StratosError {
  /** @param waiting how many callers already wait */
  constructor(waiting: number) {
    super(
      "STRATOS_ERR_OVERLOADED",
      `too many invocations are waiting for an instance (${waiting}); try again later`,
    );
    this.name = "PoolFullError";
  }
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Pool of reusable items created on demand, at most `max` at a time. */
export class Pool<T> {
  readonly #create: () => Promise<T>;
  readonly #dispose: (item: T) => void;
  readonly #max: number;
  readonly #maxWaiting: number;
  readonly #idle: T[] = [];
  readonly #waiters: Waiter<T>[] = [];
  #alive = 0;
  #closed = false;

  /**
   * @param create makes a new item (e.g. instantiates the module)
   * @param max upper bound of items alive at once (at least 1)
   * @param maxWaiting upper bound of callers waiting for an item; past it `acquire` rejects with
   *   {@link PoolFullError}
   * @param dispose called for each item the pool drops (released as not reusable, or idle when
   *   the pool closes)
   */
  constructor(
    create: () => Promise<T>,
    max: number,
    maxWaiting = Infinity,
    dispose: (item: T) => void = () => {},
  ) {
    this.#create = create;
    this.#dispose = dispose;
    this.#max = Math.max(1, max);
    this.#maxWaiting = maxWaiting;
  }

  /** An idle item now, or a Promise of one (waiting in line when every item is busy). */
  acquire(): T | Promise<T> {
    if (this.#closed) return Promise.reject(new Error("pool is closed"));
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    if (this.#alive < this.#max) return this.#spawn();
    if (this.#waiters.length >= this.#maxWaiting) {
      return Promise.reject(new PoolFullError(this.#waiters.length));
    }
    return new Promise<T>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Returns `item`; `reusable: false` drops it (after a trap, or when it is worn out). */
  release(item: T, reusable: boolean): void {
    if (reusable && !this.#closed) {
      const waiter = this.#waiters.shift();
      if (waiter) waiter.resolve(item);
      else this.#idle.push(item);
      return;
    }
    this.#dispose(item);
    this.#alive--;
    const waiter = this.#waiters.shift();
    if (waiter) this.#spawn().then(waiter.resolve, waiter.reject);
  }

  /** Creates one idle item ahead of demand (surfacing creation errors early). */
  async prewarm(): Promise<void> {
    if (this.#alive < this.#max) this.#idle.push(await this.#spawn());
  }

  /** Current counters. */
  stats(): PoolStats {
    return {
      instances: this.#alive,
      busy: this.#alive - this.#idle.length,
      waiting: this.#waiters.length,
      max: this.#max,
    };
  }

  /** Drops idle items and refuses new acquisitions. */
  close(): void {
    this.#closed = true;
    this.#alive -= this.#idle.length;
    for (const item of this.#idle.splice(0)) this.#dispose(item);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error("pool is closed"));
  }

  #spawn(): Promise<T> {
    this.#alive++;
    return this.#create().catch((error) => {
      this.#alive--;
      throw error;
    });
  }
}
