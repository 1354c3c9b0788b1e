/**
 * The NATS plugin's settings: the server address from the Directive
 * (`connections.nats.serverAddress`, `env(NAME)` already resolved), and tuning knobs from the
 * plugin's config or `STRATOS_NATS_*` environment variables (config first, then environment,
 * then the default).
 *
 * @module
 */

import {
  type ConnectionSettings,
  type ConnectionSettingsSpec,
  readConnectionSettings,
  StratosError,
} from "../../plugin.ts";
import { type NatsAddress, parseNatsAddress } from "./address.ts";

/** Everything the plugin needs to connect and subscribe. */
export interface NatsSettings extends ConnectionSettings {
  /** The server. */
  address: NatsAddress;
  /** Queue group every subscription joins; `undefined`: none (every process gets every message). */
  queueGroup: string | undefined;
  /** Messages handled at once per subscription. */
  maxInFlight: number;
  /** Longest time `stop()` waits for draining, in ms. */
  drainTimeoutMs: number;
  /**
   * JetStream durable consumers: how long the server waits for a message's acknowledgement
   * before it delivers it again, in ms (a message whose steps still run is kept from that).
   */
  ackWaitMs: number;
}

/**
 * The numeric knobs: the connection's (`STRATOS_NATS_CONNECT_ATTEMPTS`, `..._CONNECT_RETRY_MS`,
 * `..._CONNECT_TIMEOUT_MS`, `..._RECONNECT_WAIT_MS`, `..._RECONNECT_MAX_WAIT_MS`) and the
 * subscriptions'.
 */
export const NUMERIC_SETTINGS: ConnectionSettingsSpec<
  "maxInFlight" | "drainTimeoutMs" | "ackWaitMs"
> = {
  envPrefix: "STRATOS_NATS",
  knobs: [
    { key: "maxInFlight", env: "STRATOS_NATS_MAX_IN_FLIGHT", default: 64, min: 1 },
    { key: "drainTimeoutMs", env: "STRATOS_NATS_DRAIN_TIMEOUT_MS", default: 10_000, min: 0 },
    { key: "ackWaitMs", env: "STRATOS_NATS_ACK_WAIT_MS", default: 30_000, min: 1000 },
  ],
  errorCode: "STRATOS_ERR_NATS_CONFIG",
};

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
  return {
    address,
    queueGroup: queueGroup(sources),
    ...readConnectionSettings(NUMERIC_SETTINGS, config, env),
  };
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
