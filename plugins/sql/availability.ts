/**
 * Whether the database can be used right now. The first attempt to reach it is made at start;
 * while it cannot be reached (at start, or after a query failed with a connection error), calls
 * fail at once with a clear error and attempts go on in the background with backoff, until one
 * succeeds. `GET /health` shows the state.
 *
 * @module
 */

import {
  Backoff,
  ConnectionHealth,
  type ConnectionReport,
  type ConnectionState,
  errorText,
  type Logger,
} from "../../plugin.ts";

/** Options of {@link Availability}. */
export interface AvailabilityOptions {
  /** The database as shown to users (credentials hidden). */
  display: string;
  /** One attempt to reach the database (and get it ready); rejects when it cannot. */
  connect(): Promise<void>;
  /** Logger. */
  log: Logger;
  /** First wait before another attempt, in ms; doubles up to {@link retryMaxWaitMs}. */
  retryWaitMs: number;
  /** Longest wait between attempts, in ms. */
  retryMaxWaitMs: number;
  /** A note for the health report (e.g. queries that failed to prepare). */
  detail?(): string | undefined;
  /** Clock. */
  now?(): Date;
  /** Jitter source in [0, 1). */
  random?(): number;
}

/** Tracks whether the database can be used, and tries to reach it again while it cannot. */
export class Availability {
  readonly #health: ConnectionHealth;
  readonly #backoff: Backoff;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt: Promise<void> | undefined;
  readonly #options: AvailabilityOptions;

  /** @param options see {@link AvailabilityOptions} */
  constructor(options: AvailabilityOptions) {
    this.#options = options;
    this.#health = new ConnectionHealth(options.display, options.now);
    this.#backoff = new Backoff({
      initialMs: options.retryWaitMs,
      maxMs: options.retryMaxWaitMs,
      random: options.random,
    });
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#health.state;
  }

  /** Resolves once the first attempt is over (the state is no longer `connecting`). */
  settled(): Promise<void> {
    return this.#health.settled();
  }

  /** Makes the first attempt; resolves once it is over, whatever its outcome (never rejects). */
  start(): Promise<void> {
    return this.#try();
  }

  /**
   * `undefined` when the database can be used; otherwise the error to answer with. Waits for an
   * attempt under way at start, so calls made while starting are not refused needlessly.
   */
  async unavailable(): Promise<Error | undefined> {
    if (this.state === "up") return undefined;
    if (this.state === "connecting" && this.#attempt) await this.#attempt;
    if (this.#health.state === "up") return undefined; // the attempt may have changed it
    const why = this.state === "closed"
      ? "the runtime is stopping"
      : this.#health.lastError ?? "not connected yet";
    return this.#error(why);
  }

  /**
   * A call failed with a connection error: unavailable until an attempt succeeds.
   * @returns the error that call answers with, naming the database as later calls do
   */
  lost(error: unknown): Error {
    const failed = this.#error(errorText(error), error);
    if (this.state !== "up") return failed;
    this.#health.down(error);
    this.#options.log.warn("lost the database, reconnecting", {
      database: this.#options.display,
      error: this.#health.lastError,
    });
    this.#schedule();
    return failed;
  }

  /** The report for `GET /health`. */
  report(): ConnectionReport {
    return this.#health.report(this.#options.detail?.());
  }

  /** Stops trying. */
  close(): void {
    this.#health.close();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #error(why: string, cause?: unknown): Error {
    return new Error(`database unavailable (${this.#options.display}): ${why}`, { cause });
  }

  #try(): Promise<void> {
    this.#attempt ??= this.#options.connect().then(
      () => this.#succeeded(),
      (error) => this.#failed(error),
    ).finally(() => this.#attempt = undefined);
    return this.#attempt;
  }

  #succeeded(): void {
    if (this.state === "closed") return;
    const again = this.state === "down";
    this.#failures = 0;
    this.#backoff.reset();
    this.#health.up();
    this.#options.log.info(again ? "database is reachable again" : "connected to the database", {
      database: this.#options.display,
    });
  }

  #failed(error: unknown): void {
    if (this.state === "closed") return;
    const text = errorText(error);
    const changed = text !== this.#health.lastError || this.state !== "down";
    this.#failures++;
    this.#health.down(error);
    const fields = { database: this.#options.display, error: text, attempt: this.#failures };
    if (changed) {
      this.#options.log.error("cannot reach the database, retrying in the background", fields);
    } else this.#options.log.debug("database still unreachable", fields);
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.state === "down") this.#try();
    }, this.#backoff.next());
  }
}
