/**
 * The plugin's settings. Where Redis is: the plugin's config `serverAddress`, else the
 * environment variable `STRATOS_REDIS_PUBSUB_ADDRESS`, else the Directive's `connections.redis`
 * (with its username and password), else `redis://127.0.0.1:6379`; as `host[:port]` or a
 * `redis://[user:password@]host[:port][/db]` URL (`rediss://` for TLS). The knobs come from the
 * config or `STRATOS_REDIS_PUBSUB_*` variables (config first, then environment, then default).
 *
 * @module
 */

import {
  type ConnectionSettings,
  type ConnectionSettingsSpec,
  pluginErrorCode,
  readConnectionSettings,
  readEnv,
  StratosError,
} from "@stratos/runtime/plugin";

/** Code of every configuration error of this plugin. */
export const CONFIG_ERROR = pluginErrorCode("REDIS_PUBSUB_ERR_CONFIG");

/** Where Redis is used when nothing says otherwise. */
export const DEFAULT_ADDRESS = "redis://127.0.0.1:6379";

/** Where to connect. */
export interface RedisTarget {
  /** The URL ioredis connects to (credentials included). */
  url: string;
  /** The URL without credentials: for logs, errors and `/health`. */
  display: string;
}

/** Everything the plugin needs. */
export interface PubSubSettings extends ConnectionSettings {
  /** The server. */
  target: RedisTarget;
  /** Messages handled at once (the others wait, in arrival order). */
  maxInFlight: number;
  /** Longest time `stop()` waits for the messages in hand, in ms. */
  drainTimeoutMs: number;
}

/**
 * The knobs: the connection's (`STRATOS_REDIS_PUBSUB_CONNECT_ATTEMPTS`, `..._CONNECT_RETRY_MS`,
 * `..._CONNECT_TIMEOUT_MS`, `..._RECONNECT_WAIT_MS`, `..._RECONNECT_MAX_WAIT_MS`, reconnecting
 * from 100 ms up to 2 s) and the source's.
 */
export const KNOBS: ConnectionSettingsSpec<"maxInFlight" | "drainTimeoutMs"> = {
  envPrefix: "STRATOS_REDIS_PUBSUB",
  defaults: { reconnectWaitMs: 100, reconnectMaxWaitMs: 2000 },
  knobs: [
    { key: "maxInFlight", env: "STRATOS_REDIS_PUBSUB_MAX_IN_FLIGHT", default: 64, min: 1 },
    {
      key: "drainTimeoutMs",
      env: "STRATOS_REDIS_PUBSUB_DRAIN_TIMEOUT_MS",
      default: 10_000,
      min: 0,
    },
  ],
  errorCode: CONFIG_ERROR,
};

/** Environment variable naming the server. */
export const ADDRESS_ENV = "STRATOS_REDIS_PUBSUB_ADDRESS";

/** `connections.redis` of the Directive (env() resolved). */
export interface RedisConnection {
  /** `host:port` or a URL. */
  serverAddress: string;
  /** ACL user name. */
  username?: string;
  /** Password. */
  password?: string;
}

/** Where settings come from. */
export interface SettingsSources {
  /** The plugin's config. */
  config: Readonly<Record<string, unknown>>;
  /** The Directive's `connections.redis`, if any. */
  connection?: RedisConnection;
  /** Reads an environment variable. @default readEnv */
  env?: (name: string) => string | undefined;
}

/**
 * Reads and checks the settings.
 * @throws {StratosError} {@link CONFIG_ERROR} naming the setting, what was expected and what was
 *   found (never a password)
 */
export function readSettings(sources: SettingsSources): PubSubSettings {
  const env = sources.env ?? readEnv;
  const knobs = readConnectionSettings(KNOBS, sources.config, env);
  const configured = sources.config.serverAddress;
  if (configured !== undefined && typeof configured !== "string") {
    throw configError(
      `config 'serverAddress' must be a string: found ${JSON.stringify(configured)}`,
    );
  }
  const fromEnv = env(ADDRESS_ENV) || undefined;
  const [where, address, credentials] = configured !== undefined
    ? ["config 'serverAddress'", configured, {}]
    : fromEnv !== undefined
    ? [ADDRESS_ENV, fromEnv, {}]
    : sources.connection
    ? ["connections.redis.serverAddress", sources.connection.serverAddress, sources.connection]
    : ["the default address", DEFAULT_ADDRESS, {}];
  return { target: parseTarget(address, credentials, where), ...knobs };
}

/**
 * Reads `host[:port]` or a `redis://` / `rediss://` URL; `credentials` win over the URL's.
 * @throws {StratosError} {@link CONFIG_ERROR} naming `where` the address came from
 */
export function parseTarget(
  address: string,
  credentials: { username?: string; password?: string },
  where: string,
): RedisTarget {
  const text = address.trim();
  const url = URL.parse(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `redis://${text}`);
  if (url === null || !/^rediss?:$/.test(url.protocol) || url.hostname === "") {
    throw configError(
      `${where} must be host:port or a redis:// URL such as ${DEFAULT_ADDRESS}: found '${
        hidden(text)
      }'`,
    );
  }
  if (credentials.username) url.username = encodeURIComponent(credentials.username);
  if (credentials.password) url.password = encodeURIComponent(credentials.password);
  return { url: url.href, display: hidden(url.href) };
}

/** `text` without the credentials of a URL in it. */
function hidden(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");
}

function configError(message: string): StratosError {
  return new StratosError(CONFIG_ERROR, message);
}
