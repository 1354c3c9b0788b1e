/**
 * The NATS connection's state as `GET /health` shows it: healthy only while connected; the
 * detail names the server (credentials hidden) and, when not connected, since when and the last
 * error.
 *
 * @module
 */

import type { HealthReport } from "../../plugin.ts";

/** Connection states. */
export type ConnectionState = "connecting" | "connected" | "disconnected" | "closed";

/** Tracks the connection's state from its status events. */
export class ConnectionHealth {
  #state: ConnectionState = "connecting";
  #since: Date;
  #lastError: string | undefined;

  /**
   * @param address the server, as shown to users
   * @param now clock
   */
  constructor(readonly address: string, readonly now: () => Date = () => new Date()) {
    this.#since = now();
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Records a state change; an error, if given, is kept as the last error. */
  set(state: ConnectionState, error?: unknown): void {
    if (error !== undefined) this.failed(error);
    if (state === this.#state) return;
    this.#state = state;
    this.#since = this.now();
    if (state === "connected") this.#lastError = undefined;
  }

  /** Records an error without changing the state. */
  failed(error: unknown): void {
    this.#lastError = error instanceof Error ? error.message : String(error);
  }

  /** The report for `/health`. */
  report(): HealthReport {
    if (this.#state === "connected") {
      return { healthy: true, detail: `connected to ${this.address}` };
    }
    const what = {
      connecting: "connecting to",
      disconnected: "disconnected from",
      closed: "connection closed to",
    }[this.#state];
    const error = this.#lastError ? `; last error: ${this.#lastError}` : "";
    return {
      healthy: false,
      detail: `${what} ${this.address} since ${this.#since.toISOString()}${error}`,
    };
  }
}
