/**
 * The redis plugin's knobs, from the plugin's config or `STRATOS_REDIS_*` environment variables
 * (config first, then environment, then the default). Where to connect comes from the Directive
 * (`connections.redis`), see `address.ts`.
 *
 * @module
 */

import { type NumericSetting, readNumericSettings } from "../../plugin.ts";

/** The knobs. */
export interface RedisSettings {
  /** Connection attempts at start-up before giving up. */
  connectAttempts: number;
  /** Wait between start-up attempts, in ms. */
  connectRetryMs: number;
  /** Time allowed to open one connection, in ms. */
  connectTimeoutMs: number;
  /** Time a command may take before it fails (a server that stopped answering), in ms. */
  commandTimeoutMs: number;
  /** First wait before reconnecting once connected, in ms; doubles up to the max. */
  reconnectWaitMs: number;
  /** Longest wait between reconnection attempts, in ms. */
  reconnectMaxWaitMs: number;
}

/** Each knob: config key, environment variable, default and smallest value. */
export const REDIS_SETTINGS: readonly NumericSetting<keyof RedisSettings>[] = [
  { key: "connectAttempts", env: "STRATOS_REDIS_CONNECT_ATTEMPTS", default: 5, min: 1 },
  { key: "connectRetryMs", env: "STRATOS_REDIS_CONNECT_RETRY_MS", default: 1000, min: 0 },
  { key: "connectTimeoutMs", env: "STRATOS_REDIS_CONNECT_TIMEOUT_MS", default: 5000, min: 1 },
  { key: "commandTimeoutMs", env: "STRATOS_REDIS_COMMAND_TIMEOUT_MS", default: 1000, min: 1 },
  { key: "reconnectWaitMs", env: "STRATOS_REDIS_RECONNECT_WAIT_MS", default: 100, min: 1 },
  { key: "reconnectMaxWaitMs", env: "STRATOS_REDIS_RECONNECT_MAX_WAIT_MS", default: 2000, min: 1 },
];

/**
 * Reads the knobs.
 * @throws {StratosError} `STRATOS_ERR_REDIS_CONFIG` naming the knob, what was expected and found
 */
export function readRedisSettings(
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
): RedisSettings {
  const settings: RedisSettings = readNumericSettings(
    REDIS_SETTINGS,
    config,
    env,
    "STRATOS_ERR_REDIS_CONFIG",
  );
  settings.reconnectMaxWaitMs = Math.max(settings.reconnectMaxWaitMs, settings.reconnectWaitMs);
  return settings;
}
