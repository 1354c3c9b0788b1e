/**
 * Whether the database can be used right now. The first attempt to reach it is made at start;
 * while it cannot be reached (at start, or after a query failed with a connection error), calls
 * fail at once with a clear error and attempts go on in the background with backoff, until one
 * succeeds. `GET /health` shows the state.
 *
 * @module
 */

import type { HealthReport, Logger } from "../../plugin.ts";
import { errorText } from "./errors.ts";

/** States: the first attempt is under way, the database answers, it does not, or stopped. */
export type DatabaseState = "connecting" | "up" | "down" | "closed";

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
  /** Extra detail for a healthy report (e.g. queries that failed to prepare). */
  detail?(): string | undefined;
  /** Clock. */
  now?(): Date;
  /** Jitter source in [0, 1). */
  random?(): number;
}

/** The wait before attempt `failures + 1`: doubling from `base` up to `max`, plus up to 20%. */
export function retryDelay(
  failures: number,
  base: number,
  max: number,
  random = Math.random,
): number {
  const wait = Math.min(max, base * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(wait * (1 + 0.2 * random()));
}

/** Tracks whether the database can be used, and tries to reach it again while it cannot. */
export class Availability {
  #state: DatabaseState = "connecting";
  #since: Date;
  #lastError: string | undefined;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt: Promise<void> | undefined;
  readonly #options: AvailabilityOptions;
  readonly #now: () => Date;

  /** @param options see {@link AvailabilityOptions} */
  constructor(options: AvailabilityOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#since = this.#now();
  }

  /** The current state. */
  get state(): DatabaseState {
    return this.#state;
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
    if (this.#state === "up") return undefined;
    if (this.#state === "connecting" && this.#attempt) await this.#attempt;
    if (this.state === "up") return undefined; // the getter: the attempt may have changed it
    const why = this.#state === "closed"
      ? "the runtime is stopping"
      : this.#lastError ?? "not connected yet";
    return this.#error(why);
  }

  /**
   * A call failed with a connection error: unavailable until an attempt succeeds.
   * @returns the error that call answers with, naming the database as later calls do
   */
  lost(error: unknown): Error {
    const failed = this.#error(errorText(error), error);
    if (this.#state !== "up") return failed;
    this.#lastError = errorText(error);
    this.#set("down");
    this.#options.log.warn("lost the database, reconnecting", {
      database: this.#options.display,
      error: this.#lastError,
    });
    this.#schedule();
    return failed;
  }

  /** The report for `GET /health`. */
  report(): HealthReport {
    const display = this.#options.display;
    if (this.#state === "up") {
      const extra = this.#options.detail?.();
      return { healthy: true, detail: `connected to ${display}${extra ? `; ${extra}` : ""}` };
    }
    const what =
      { connecting: "connecting to", down: "cannot reach", closed: "closed" }[this.#state];
    const error = this.#lastError ? `; last error: ${this.#lastError}` : "";
    return {
      healthy: false,
      detail: `${what} ${display} since ${this.#since.toISOString()}${error}`,
    };
  }

  /** Stops trying. */
  close(): void {
    this.#set("closed");
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
    if (this.#state === "closed") return;
    const again = this.#state === "down";
    this.#failures = 0;
    this.#lastError = undefined;
    this.#set("up");
    this.#options.log.info(again ? "database is reachable again" : "connected to the database", {
      database: this.#options.display,
    });
  }

  #failed(error: unknown): void {
    if (this.#state === "closed") return;
    const text = errorText(error);
    const changed = text !== this.#lastError || this.#state !== "down";
    this.#lastError = text;
    this.#failures++;
    this.#set("down");
    const fields = { database: this.#options.display, error: text, attempt: this.#failures };
    if (changed) {
      this.#options.log.error("cannot reach the database, retrying in the background", fields);
    } else this.#options.log.debug("database still unreachable", fields);
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const { retryWaitMs, retryMaxWaitMs, random } = this.#options;
    const wait = retryDelay(Math.max(this.#failures, 1), retryWaitMs, retryMaxWaitMs, random);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#state === "down") this.#try();
    }, wait);
  }

  #set(state: DatabaseState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#since = this.#now();
  }
}
