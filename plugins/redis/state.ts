/**
 * The Redis connection's state, from the client's events: `GET /health` shows it, and cache
 * calls made while the connection is not ready fail at once with its last error.
 *
 * @module
 */

import type { HealthReport } from "../../plugin.ts";

/** Connection states. */
export type RedisState = "connecting" | "ready" | "reconnecting" | "closed";

/** Tracks the connection's state and last error. */
export class RedisHealth {
  #state: RedisState = "connecting";
  #since: Date;
  #lastError: string | undefined;

  /**
   * @param display the server, as shown to users
   * @param now clock
   */
  constructor(readonly display: string, readonly now: () => Date = () => new Date()) {
    this.#since = now();
  }

  /** The current state. */
  get state(): RedisState {
    return this.#state;
  }

  /** Records a state change. */
  set(state: RedisState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#since = this.now();
    if (state === "ready") this.#lastError = undefined;
  }

  /** Records an error. */
  failed(error: unknown): void {
    this.#lastError = error instanceof Error ? error.message || error.name : String(error);
  }

  /** Why commands cannot be sent now (`undefined` while ready). */
  unavailable(): string | undefined {
    if (this.#state === "ready") return undefined;
    const why = this.#lastError ?? (this.#state === "closed" ? "connection closed" : this.#state);
    return `redis unavailable (${this.display}): ${why}`;
  }

  /** The report for `/health`. */
  report(): HealthReport {
    if (this.#state === "ready") return { healthy: true, detail: `connected to ${this.display}` };
    const what = {
      connecting: "connecting to",
      reconnecting: "reconnecting to",
      closed: "connection closed to",
    }[this.#state];
    const error = this.#lastError ? `; last error: ${this.#lastError}` : "";
    return {
      healthy: false,
      detail: `${what} ${this.display} since ${this.#since.toISOString()}${error}`,
    };
  }
}
