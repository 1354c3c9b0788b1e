/**
 * Reading `connections.nats.serverAddress`: the server to dial, the credentials it carries, and
 * a form safe to show in logs, errors and `/health` (credentials hidden).
 *
 * @module
 */

/** Default NATS client port. */
export const DEFAULT_NATS_PORT = 4222;

/** A parsed server address. */
export interface NatsAddress {
  /** `host:port` to dial. */
  server: string;
  /** The address with any credentials replaced by `***`, e.g. `nats://***@host:4222`. */
  display: string;
  /** Whether the scheme asks for TLS (`tls://`). */
  tls: boolean;
  /** User name and password from `nats://user:pass@host`. */
  user?: string;
  /** Password, with {@link user}. */
  pass?: string;
  /** Token from `nats://token@host`. */
  token?: string;
}

/**
 * Parses a NATS server address: `nats://host:port`, `tls://host:port`, `host:port` or `host`,
 * optionally with `user:pass@` or `token@`.
 * @throws {TypeError} if the address cannot be parsed
 */
export function parseNatsAddress(address: string): NatsAddress {
  const text = address.trim();
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `nats://${text}`);
  if (!url.hostname) throw new TypeError(`'${address}' names no host`);
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const port = url.port || String(DEFAULT_NATS_PORT);
  const server = `${url.hostname}:${port}`;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const secret = user !== "" || pass !== "";
  const parsed: NatsAddress = {
    server,
    display: `${scheme}://${secret ? "***@" : ""}${server}`,
    tls: scheme === "tls",
  };
  if (pass !== "") Object.assign(parsed, { user, pass });
  else if (user !== "") parsed.token = user;
  return parsed;
}
