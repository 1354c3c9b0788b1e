/**
 * The NATS plugin's settings: the server address from the Directive
 * (`connections.nats.serverAddress`, `env(NAME)` already resolved), and tuning knobs from the
 * plugin's config or `STRATOS_NATS_*` environment variables (config first, then environment,
 * then the default).
 *
 * @module
 */

import { type NumericSetting, readNumericSettings, StratosError } from "../../plugin.ts";
import { type NatsAddress, parseNatsAddress } from "./address.ts";

/** Everything the plugin needs to connect and subscribe. */
export interface NatsSettings {
  /** The server. */
  address: NatsAddress;
  /** Queue group every subscription joins; `undefined`: none (every process gets every message). */
  queueGroup: string | undefined;
  /** Connection attempts at start-up before giving up. */
  connectAttempts: number;
  /** Wait between start-up attempts, in ms. */
  connectRetryMs: number;
  /** Time allowed for one connection handshake, in ms. */
  connectTimeoutMs: number;
  /** First wait before reconnecting once connected, in ms; doubles up to {@link reconnectMaxWaitMs}. */
  reconnectWaitMs: number;
  /** Longest wait between reconnection attempts, in ms. */
  reconnectMaxWaitMs: number;
  /** Messages handled at once per subscription. */
  maxInFlight: number;
  /** Longest time `stop()` waits for draining, in ms. */
  drainTimeoutMs: number;
}

type NumberKey = Exclude<keyof NatsSettings, "address" | "queueGroup">;

/** The numeric knobs: config key, environment variable, default and smallest value. */
export const NUMERIC_SETTINGS: readonly NumericSetting<NumberKey>[] = [
  { key: "connectAttempts", env: "STRATOS_NATS_CONNECT_ATTEMPTS", default: 5, min: 1 },
  { key: "connectRetryMs", env: "STRATOS_NATS_CONNECT_RETRY_MS", default: 1000, min: 0 },
  { key: "connectTimeoutMs", env: "STRATOS_NATS_CONNECT_TIMEOUT_MS", default: 5000, min: 1 },
  { key: "reconnectWaitMs", env: "STRATOS_NATS_RECONNECT_WAIT_MS", default: 250, min: 1 },
  { key: "reconnectMaxWaitMs", env: "STRATOS_NATS_RECONNECT_MAX_WAIT_MS", default: 5000, min: 1 },
  { key: "maxInFlight", env: "STRATOS_NATS_MAX_IN_FLIGHT", default: 64, min: 1 },
  { key: "drainTimeoutMs", env: "STRATOS_NATS_DRAIN_TIMEOUT_MS", default: 10_000, min: 0 },
];

/** Config key and environment variable of the queue group. */
export const QUEUE_GROUP = { key: "queueGroup", env: "STRATOS_NATS_QUEUE_GROUP" } as const;

/** Where settings come from. */
export interface SettingsSources {
  /** `connections.nats.serverAddress`. */
  serverAddress: string;
  /** The Directive's identifier: the default queue group. */
  identifier: string;
  /** The plugin's config. */
  config: Readonly<Record<string, unknown>>;
  /** Reads an environment variable. */
  env: (name: string) => string | undefined;
}

/**
 * Reads and checks the settings.
 * @throws {StratosError} `STRATOS_ERR_NATS_CONFIG` naming the setting, what was expected and
 *   what was found
 */
export function readSettings(sources: SettingsSources): NatsSettings {
  const { config, env } = sources;
  let address: NatsAddress;
  try {
    address = parseNatsAddress(sources.serverAddress);
  } catch (error) {
    throw configError(
      `connections.nats.serverAddress must be a NATS URL such as nats://localhost:4222: ` +
        `found '${sources.serverAddress}' (${error instanceof Error ? error.message : error})`,
    );
  }
  const settings = { address, queueGroup: queueGroup(sources) } as NatsSettings;
  Object.assign(
    settings,
    readNumericSettings(NUMERIC_SETTINGS, config, env, "STRATOS_ERR_NATS_CONFIG"),
  );
  if (settings.reconnectMaxWaitMs < settings.reconnectWaitMs) {
    settings.reconnectMaxWaitMs = settings.reconnectWaitMs;
  }
  return settings;
}

function queueGroup({ config, env, identifier }: SettingsSources): string | undefined {
  const fromConfig = config[QUEUE_GROUP.key];
  if (fromConfig !== undefined && typeof fromConfig !== "string") {
    throw configError(
      `config '${QUEUE_GROUP.key}' must be a string: found ${JSON.stringify(fromConfig)}`,
    );
  }
  const value = fromConfig ?? env(QUEUE_GROUP.env) ?? identifier;
  if (/\s/.test(value)) {
    throw configError(`the queue group must not contain white space: found '${value}'`);
  }
  return value === "" ? undefined : value;
}

function configError(message: string): StratosError {
  return new StratosError("STRATOS_ERR_NATS_CONFIG", message);
}
