/**
 * The sql plugin's tuning knobs, from the plugin's config or `STRATOS_DB_*` environment
 * variables (config first, then environment, then the default). Where to connect comes from the
 * Directive (`connections.database`), see `address.ts`.
 *
 * @module
 */

import { type NumericSetting, readNumericSettings } from "../../plugin.ts";

/** The knobs. */
export interface SqlSettings {
  /** Most connections in the pool. */
  poolSize: number;
  /** Time allowed to open one connection, in ms. */
  connectTimeoutMs: number;
  /** First wait before trying an unavailable database again, in ms (doubles up to the max). */
  retryWaitMs: number;
  /** Longest wait between attempts to reach an unavailable database, in ms. */
  retryMaxWaitMs: number;
  /** Longest time `stop()` waits for queries in flight, in ms. */
  closeTimeoutMs: number;
}

/** Each knob: config key, environment variable, default and smallest value. */
export const SQL_SETTINGS: readonly NumericSetting<keyof SqlSettings>[] = [
  { key: "poolSize", env: "STRATOS_DB_POOL_SIZE", default: 10, min: 1 },
  { key: "connectTimeoutMs", env: "STRATOS_DB_CONNECT_TIMEOUT_MS", default: 5000, min: 1 },
  { key: "retryWaitMs", env: "STRATOS_DB_RETRY_WAIT_MS", default: 250, min: 1 },
  { key: "retryMaxWaitMs", env: "STRATOS_DB_RETRY_MAX_WAIT_MS", default: 5000, min: 1 },
  { key: "closeTimeoutMs", env: "STRATOS_DB_CLOSE_TIMEOUT_MS", default: 5000, min: 0 },
];

/**
 * Reads the knobs.
 * @throws {StratosError} `STRATOS_ERR_DB_CONFIG` naming the knob, what was expected and found
 */
export function readSqlSettings(
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
): SqlSettings {
  const settings: SqlSettings = readNumericSettings(
    SQL_SETTINGS,
    config,
    env,
    "STRATOS_ERR_DB_CONFIG",
  );
  settings.retryMaxWaitMs = Math.max(settings.retryMaxWaitMs, settings.retryWaitMs);
  return settings;
}
