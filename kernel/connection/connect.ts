/**
 * Connecting at start-up with bounded attempts: a service that cannot be reached makes start-up
 * fail with an error naming it, its address and the last error, after a warning per failed
 * attempt, instead of hanging or retrying forever before anything is served.
 *
 * @module
 */

import type { ErrorCode } from "../error_codes.ts";
import { type PluginErrorCode, StratosError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { errorText } from "./error_text.ts";
import type { ConnectionHealth } from "./health.ts";

/** How {@link connectWithRetries} connects. */
export interface ConnectRetryOptions<T> {
  /** The service, as named in messages (`NATS`, `Redis`). */
  service: string;
  /** The connection's health: its address names the service; up once connected. */
  health: ConnectionHealth;
  /** Attempts in all (at least 1). */
  attempts: number;
  /** Wait between attempts, in ms. */
  waitMs: number;
  /** Code of the error thrown once every attempt failed (`STRATOS_ERR_<SERVICE>_CONNECT`). */
  errorCode: ErrorCode | PluginErrorCode;
  /** Logger (a warning per failed attempt but the last, and a line once connected). */
  log: Logger;
  /** One attempt (1-based); rejects when the service cannot be reached. */
  attempt(n: number): Promise<T>;
  /** Sleeps; replaceable in tests. */
  sleep?(ms: number): Promise<void>;
}

/**
 * Calls `attempt` until it succeeds or `attempts` calls have failed. On success the health is
 * up; after the last failure it is closed with that error. Each failure is recorded in the
 * health. Stops trying when the health was closed meanwhile (the plugin stopped during start-up).
 * @returns what `attempt` resolved with, or `undefined` if stopped meanwhile
 * @throws {StratosError} `errorCode`: `cannot connect to <service> at <address> after <n>
 *   attempts: <last error>`
 */
export async function connectWithRetries<T>(
  options: ConnectRetryOptions<T>,
): Promise<T | undefined> {
  const { service, health, attempts, log } = options;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const server = health.address;
  for (let n = 1;; n++) {
    if (health.state === "closed") return undefined;
    try {
      const connected = await options.attempt(n);
      health.up();
      log.info(`connected to ${service}`, { server });
      return connected;
    } catch (error) {
      health.failed(error);
      if (n >= attempts) {
        health.close(error);
        throw new StratosError(
          options.errorCode,
          `cannot connect to ${service} at ${server} after ${n} attempt${n === 1 ? "" : "s"}: ${
            errorText(error)
          }`,
          { cause: error },
        );
      }
      log.warn(`cannot connect to ${service}, retrying`, {
        server,
        attempt: n,
        of: attempts,
        error: errorText(error),
      });
      await sleep(options.waitMs);
    }
  }
}
