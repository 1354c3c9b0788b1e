/**
 * The Kafka connection's state as `GET /health` reports it: healthy once the client reached the
 * brokers, unhealthy from a connection failure until the next successful exchange.
 *
 * @module
 */

import type { HealthReport } from "../../plugin.ts";

/** Connection state. */
export type ConnectionState = "connecting" | "connected" | "disconnected" | "stopped";

/** Tracks the connection state from the client's events. */
export class ConnectionHealth {
  #state: ConnectionState = "connecting";
  #error = "";

  /** @param brokers the broker list, named in every report */
  constructor(readonly brokers: string) {}

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** A request to the brokers succeeded. */
  up(): void {
    if (this.#state === "stopped") return;
    this.#state = "connected";
    this.#error = "";
  }

  /** The brokers could not be reached (or the consumer crashed); the client is retrying. */
  down(error: unknown): void {
    if (this.#state === "stopped") return;
    this.#state = "disconnected";
    this.#error = error instanceof Error ? error.message : String(error);
  }

  /** The plugin stopped on purpose. */
  stopped(): void {
    this.#state = "stopped";
    this.#error = "";
  }

  /** The report for `GET /health`. */
  report(): HealthReport {
    const detail = `${this.brokers}: ${this.#state}${this.#error ? ` (${this.#error})` : ""}`;
    return { healthy: this.#state === "connected", detail };
  }
}
