/**
 * The state of a plugin's connection to a service (a broker, a database, a cache server), one
 * type for every connection plugin, and the one shape `GET /health` shows every connection in:
 *
 * ```json
 * { "healthy": false, "state": "down", "since": "2025-01-01T00:00:05.000Z",
 *   "address": "nats://127.0.0.1:4222", "lastError": "connection refused" }
 * ```
 *
 * `healthy` is true only while the state is `up`. `address` (credentials hidden), `lastError`
 * and `detail` are for people: a renderer that must not show them keeps `healthy` and `state`.
 *
 * @module
 */

import type { ConnectionState, HealthReport } from "../plugins/types.ts";
import { errorText } from "./error_text.ts";

export type { ConnectionState } from "../plugins/types.ts";

/** A connection's entry on `GET /health`. */
export interface ConnectionReport extends HealthReport {
  /** The state. */
  state: ConnectionState;
  /** When it entered that state (ISO 8601, UTC). */
  since: string;
  /** The service, as shown to users (credentials hidden). */
  address: string;
  /** The last error seen since the connection was last up, if any. */
  lastError?: string;
}

/** Tracks one connection: its state, since when, and the last error. */
export class ConnectionHealth {
  #state: ConnectionState = "connecting";
  #since: Date;
  #lastError: string | undefined;
  readonly #settled = Promise.withResolvers<void>();

  /**
   * @param address the service, as shown to users (credentials hidden)
   * @param now clock
   */
  constructor(readonly address: string, readonly now: () => Date = () => new Date()) {
    this.#since = now();
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** When the current state began. */
  get since(): Date {
    return this.#since;
  }

  /** The last error seen since the connection was last up. */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /**
   * Resolves once the first attempts are over: the state is no longer `connecting` (it is `up`,
   * or `down`/`closed` because they failed or the plugin stopped). A connection leaves
   * `connecting` once and never returns to it.
   */
  settled(): Promise<void> {
    return this.#settled.promise;
  }

  /** The connection works (again); the last error is forgotten. Ignored once closed. */
  up(): void {
    if (this.#state === "closed") return;
    this.#lastError = undefined;
    this.#set("up");
  }

  /** The connection was lost or cannot be made, and is tried again. Ignored once closed. */
  down(error?: unknown): void {
    if (this.#state === "closed") return;
    this.failed(error);
    this.#set("down");
  }

  /** Records an error (e.g. of a failed attempt) without changing the state. Ignored once closed. */
  failed(error: unknown): void {
    if (this.#state === "closed" || error === undefined) return;
    this.#lastError = errorText(error);
  }

  /** The plugin closed the connection, or gave up on it: every later change is ignored. */
  close(error?: unknown): void {
    this.failed(error);
    this.#set("closed");
  }

  /** The entry for `GET /health`; `detail` adds a note (e.g. queries that failed to prepare). */
  report(detail?: string): ConnectionReport {
    const report: ConnectionReport = {
      healthy: this.#state === "up",
      state: this.#state,
      since: this.#since.toISOString(),
      address: this.address,
    };
    if (this.#lastError !== undefined) report.lastError = this.#lastError;
    if (detail !== undefined) report.detail = detail;
    return report;
  }

  #set(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#since = this.now();
    this.#settled.resolve();
  }
}
