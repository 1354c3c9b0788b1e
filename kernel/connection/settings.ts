/**
 * The knobs every connection plugin has: how many attempts at start-up, how far apart, how long
 * each may take, and the backoff between reconnection attempts after an outage. Each is read
 * from the plugin's config, else the environment variable `<PREFIX>_<KNOB>`, else its default.
 *
 * @module
 */

import type { ErrorCode } from "../error_codes.ts";
import type { PluginErrorCode } from "../errors.ts";
import { type NumericSetting, readNumericSettings } from "../plugins/settings.ts";

/** The knobs of a connection. */
export interface ConnectionSettings {
  /** Connection attempts at start-up before giving up. */
  connectAttempts: number;
  /** Wait between start-up attempts, in ms. */
  connectRetryMs: number;
  /** Time allowed to open one connection, in ms. */
  connectTimeoutMs: number;
  /** First wait before reconnecting after an outage, in ms (grows up to the longest). */
  reconnectWaitMs: number;
  /** Longest wait between reconnection attempts, in ms (at least the first). */
  reconnectMaxWaitMs: number;
}

/** Defaults of {@link ConnectionSettings}: 5 attempts 1 s apart, 5 s each, then 250 ms up to 5 s. */
export const CONNECTION_DEFAULTS: Readonly<ConnectionSettings> = {
  connectAttempts: 5,
  connectRetryMs: 1000,
  connectTimeoutMs: 5000,
  reconnectWaitMs: 250,
  reconnectMaxWaitMs: 5000,
};

/** Where each knob comes from: its environment variable's suffix and its smallest value. */
const KNOBS: readonly [keyof ConnectionSettings, string, number][] = [
  ["connectAttempts", "CONNECT_ATTEMPTS", 1],
  ["connectRetryMs", "CONNECT_RETRY_MS", 0],
  ["connectTimeoutMs", "CONNECT_TIMEOUT_MS", 1],
  ["reconnectWaitMs", "RECONNECT_WAIT_MS", 1],
  ["reconnectMaxWaitMs", "RECONNECT_MAX_WAIT_MS", 1],
];

/** How to read a plugin's settings with {@link readConnectionSettings}. */
export interface ConnectionSettingsSpec<K extends string> {
  /** Prefix of the environment variables, e.g. `STRATOS_NATS` (`STRATOS_NATS_CONNECT_ATTEMPTS`). */
  envPrefix: string;
  /** Defaults that differ from {@link CONNECTION_DEFAULTS}. */
  defaults?: Partial<ConnectionSettings>;
  /** The plugin's other numeric knobs. */
  knobs?: readonly NumericSetting<K>[];
  /** Code of the error for a bad value, e.g. `STRATOS_ERR_NATS_CONFIG`. */
  errorCode: ErrorCode | PluginErrorCode;
}

/** The rows of the connection knobs for `readNumericSettings`. */
export function connectionKnobs(
  envPrefix: string,
  defaults: Partial<ConnectionSettings> = {},
): NumericSetting<keyof ConnectionSettings>[] {
  return KNOBS.map(([key, suffix, min]) => ({
    key,
    env: `${envPrefix}_${suffix}`,
    default: defaults[key] ?? CONNECTION_DEFAULTS[key],
    min,
  }));
}

/**
 * Reads the connection knobs and the plugin's own from `config`, else `env`, else the defaults;
 * a longest reconnection wait below the first counts as the first.
 * @throws {StratosError} `spec.errorCode`, naming the config key or variable, the expected and
 *   the found value
 */
export function readConnectionSettings<K extends string>(
  spec: ConnectionSettingsSpec<K>,
  config: Readonly<Record<string, unknown>>,
  env: (name: string) => string | undefined,
): ConnectionSettings & Record<K, number> {
  const rows: NumericSetting<K | keyof ConnectionSettings>[] = [
    ...connectionKnobs(spec.envPrefix, spec.defaults),
    ...spec.knobs ?? [],
  ];
  const settings = readNumericSettings(rows, config, env, spec.errorCode);
  settings.reconnectMaxWaitMs = Math.max(settings.reconnectMaxWaitMs, settings.reconnectWaitMs);
  return settings;
}
