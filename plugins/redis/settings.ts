/**
 * The redis plugin's knobs, from the plugin's config or `STRATOS_REDIS_*` environment variables
 * (config first, then environment, then the default). Where to connect comes from the Directive
 * (`connections.redis`), see `address.ts`.
 *
 * @module
 */

import {
  type ConnectionSettings,
  type ConnectionSettingsSpec,
  readConnectionSettings,
} from "../../plugin.ts";

/** The knobs. */
export interface RedisSettings extends ConnectionSettings {
  /** Time a command may take before it fails (a server that stopped answering), in ms. */
  commandTimeoutMs: number;
}

/**
 * The knobs: the connection's (`STRATOS_REDIS_CONNECT_ATTEMPTS`, `..._CONNECT_RETRY_MS`,
 * `..._CONNECT_TIMEOUT_MS`, `..._RECONNECT_WAIT_MS`, `..._RECONNECT_MAX_WAIT_MS`, reconnecting
 * from 100 ms up to 2 s) and the command timeout.
 */
export const REDIS_SETTINGS: ConnectionSettingsSpec<"commandTimeoutMs"> = {
  envPrefix: "STRATOS_REDIS",
  defaults: { reconnectWaitMs: 100, reconnectMaxWaitMs: 2000 },
  knobs: [
    { key: "commandTimeoutMs", env: "STRATOS_REDIS_COMMAND_TIMEOUT_MS", default: 1000, min: 1 },
  ],
  errorCode: "STRATOS_ERR_REDIS_CONFIG",
};

/**
 * Reads the knobs.
 * @throws {StratosError} `STRATOS_ERR_REDIS_CONFIG` naming the knob, what was expected and found
 */
export function readRedisSettings(
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
): RedisSettings {
  return readConnectionSettings(REDIS_SETTINGS, config, env);
}
