/**
 * Reading `connections.redis` (env() already resolved): `serverAddress` as Atmo took it
 * (go-redis `Addr`, `host:port`) or as a URL (`redis://[user:pass@]host:port/db`, `rediss://`
 * for TLS), with `username` and `password` from their own fields when given.
 *
 * @module
 */

/** Default Redis port. */
export const DEFAULT_REDIS_PORT = 6379;

/** Where and how to connect. */
export interface RedisAddress {
  /** Host name or IP. */
  host: string;
  /** TCP port. */
  port: number;
  /** Database number. */
  db: number;
  /** Whether to use TLS (`rediss://`). */
  tls: boolean;
  /** ACL user name. */
  username?: string;
  /** Password. */
  password?: string;
  /** `redis://host:port[/db]`, without credentials, for logs, errors and `/health`. */
  display: string;
}

/** `connections.redis` with env() resolved. */
export interface RedisConnection {
  /** `host:port` or a URL. */
  serverAddress: string;
  /** ACL user name (wins over one in the URL). */
  username?: string;
  /** Password (wins over one in the URL). */
  password?: string;
}

/**
 * Parses the connection.
 * @throws {TypeError} saying what is wrong (never the password)
 */
export function parseRedisAddress(connection: RedisConnection): RedisAddress {
  const text = connection.serverAddress.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `redis://${text}`);
  } catch {
    throw new TypeError("expected host:port or a redis:// URL");
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== "redis" && scheme !== "rediss") {
    throw new TypeError(`expected a redis:// or rediss:// URL, found ${scheme}://`);
  }
  if (!url.hostname) throw new TypeError("the address names no host");
  const path = url.pathname.replace(/^\//, "");
  const db = path === "" ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) {
    throw new TypeError(`the database must be a number, found '${path}'`);
  }
  const port = url.port === "" ? DEFAULT_REDIS_PORT : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const address: RedisAddress = {
    host,
    port,
    db,
    tls: scheme === "rediss",
    display: `${scheme}://${url.hostname}:${port}${db === 0 ? "" : `/${db}`}`,
  };
  const username = connection.username || decodeURIComponent(url.username);
  const password = connection.password || decodeURIComponent(url.password);
  if (username) address.username = username;
  if (password) address.password = password;
  return address;
}
