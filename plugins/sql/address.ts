/**
 * Reading `connections.database.connectionString` (env() already resolved) in the forms Atmo's
 * drivers took, so an Atmo app's string works unchanged:
 *
 * - PostgreSQL (pgx): a URL `postgres://user:pass@host:port/db?sslmode=...` (or `postgresql://`),
 *   or key/value pairs `host=... port=... user=... password=... dbname=... sslmode=...`; in the
 *   URL, those same keys may be query parameters, and win over the URL's own parts, as in libpq
 *   (`postgres://127.0.0.1/app?user=ada&password=secret`, `postgres:///app?host=db`);
 * - MySQL (go-sql-driver): the Go DSN `user:pass@tcp(host:port)/db?params` (also
 *   `unix(/path.sock)`), or a URL `mysql://user:pass@host:port/db`, whose `user` and `password`
 *   query parameters win over its user info, as in mysql2.
 *
 * Driver parameters other than these, `tls` (Go DSN) and `ssl` (MySQL URL) are ignored. The
 * display form hides credentials and is safe for logs, errors and `/health`.
 *
 * @module
 */

/** Database kinds. */
export type DatabaseType = "postgresql" | "mysql";

/** TLS: off, or on with or without certificate verification. */
export type TlsMode = "off" | "prefer" | "require" | "verify";

/** Where and how to connect. */
export interface DatabaseAddress {
  /** Database kind. */
  type: DatabaseType;
  /** Host name or IP (empty with a socket). */
  host: string;
  /** TCP port. */
  port: number;
  /** Unix socket path (MySQL `unix(...)`). */
  socketPath?: string;
  /** User name. */
  user?: string;
  /** Password. */
  password?: string;
  /** Database name. */
  database?: string;
  /** TLS mode. */
  tls: TlsMode;
  /** `type://***@host:port/database` with credentials hidden. */
  display: string;
}

/** Default ports. */
export const DEFAULT_PORTS: Readonly<Record<DatabaseType, number>> = {
  postgresql: 5432,
  mysql: 3306,
};

/**
 * Parses a connection string for `type`.
 * @throws {TypeError} naming what is wrong (never the password)
 */
export function parseConnectionString(type: DatabaseType, text: string): DatabaseAddress {
  const value = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return fromUrl(type, value);
  if (type === "postgresql") return fromKeyValues(value);
  return fromGoDsn(value);
}

function fromUrl(type: DatabaseType, text: string): DatabaseAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError("not a valid URL");
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const schemes = type === "postgresql" ? ["postgres", "postgresql"] : ["mysql", "mariadb"];
  if (!schemes.includes(scheme)) {
    throw new TypeError(
      `expected a ${schemes.map((s) => `${s}://`).join(" or ")} URL, found ${scheme}://`,
    );
  }
  const params = url.searchParams;
  // Query parameters the driver reads as connection settings; they win over the URL's parts.
  const param = (name: string) => optional(params.get(name) ?? undefined);
  const postgres = type === "postgresql";
  const host = (postgres && param("host")) || url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw new TypeError("the URL names no host");
  const tls = postgres
    ? sslMode(params.get("sslmode"))
    : params.get("ssl") === "true" || params.get("tls") === "true"
    ? "verify"
    : "off";
  return address(type, {
    host,
    port: port((postgres && param("port")) || url.port, type),
    user: param("user") ?? optional(decodeURIComponent(url.username)),
    password: param("password") ?? optional(decodeURIComponent(url.password)),
    database: (postgres ? param("dbname") : undefined) ??
      optional(decodeURIComponent(url.pathname.replace(/^\//, ""))),
    tls,
  });
}

/** libpq/pgx key/value form: `key=value` pairs, values optionally single-quoted. */
function fromKeyValues(text: string): DatabaseAddress {
  const pairs = new Map<string, string>();
  const pattern = /\s*([a-zA-Z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/y;
  let rest = text;
  while (rest.trim() !== "") {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) throw new TypeError("expected a URL or key=value pairs");
    pairs.set(match[1].toLowerCase(), match[2]?.replace(/\\(.)/g, "$1") ?? match[3]);
    rest = rest.slice(pattern.lastIndex);
  }
  if (pairs.size === 0) throw new TypeError("expected a URL or key=value pairs");
  return address("postgresql", {
    host: pairs.get("host") || "localhost",
    port: port(pairs.get("port") ?? "", "postgresql"),
    user: optional(pairs.get("user")),
    password: optional(pairs.get("password")),
    database: optional(pairs.get("dbname")),
    tls: sslMode(pairs.get("sslmode") ?? null),
  });
}

/** go-sql-driver's DSN: `[user[:password]@][net[(addr)]]/dbname[?params]`. */
function fromGoDsn(text: string): DatabaseAddress {
  const slash = text.lastIndexOf("/");
  if (slash < 0) {
    throw new TypeError("expected a DSN such as user:pass@tcp(host:3306)/db, or a URL");
  }
  const [dbName, query = ""] = text.slice(slash + 1).split("?", 2);
  const head = text.slice(0, slash);
  const at = head.lastIndexOf("@");
  const credentials = at < 0 ? "" : head.slice(0, at);
  const net = at < 0 ? head : head.slice(at + 1);
  const colon = credentials.indexOf(":");
  const netMatch = /^(\w*)(?:\((.*)\))?$/.exec(net);
  if (!netMatch) throw new TypeError(`cannot read the network part '${net}' of the DSN`);
  const [, protocol = "", addr = ""] = netMatch;
  const params = new URLSearchParams(query);
  const tlsParam = params.get("tls");
  const common = {
    user: optional(colon < 0 ? credentials : credentials.slice(0, colon)),
    password: optional(colon < 0 ? "" : credentials.slice(colon + 1)),
    database: optional(dbName),
    tls:
      (tlsParam === "true"
        ? "verify"
        : tlsParam === "skip-verify" || tlsParam === "preferred"
        ? "require"
        : "off") as TlsMode,
  };
  if (protocol === "unix") {
    if (!addr) throw new TypeError("unix() in the DSN names no socket");
    return address("mysql", { ...common, host: "", port: DEFAULT_PORTS.mysql, socketPath: addr });
  }
  if (protocol !== "" && protocol !== "tcp") {
    throw new TypeError(`the DSN's network must be tcp or unix, found ${protocol}`);
  }
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(addr)!;
  return address("mysql", {
    ...common,
    host: hostPort[1].replace(/^\[(.*)\]$/, "$1") || "127.0.0.1",
    port: port(hostPort[2] ?? "", "mysql"),
  });
}

function address(
  type: DatabaseType,
  parts: Omit<DatabaseAddress, "type" | "display">,
): DatabaseAddress {
  const secret = parts.user !== undefined || parts.password !== undefined;
  const where = parts.socketPath ??
    `${parts.host.includes(":") ? `[${parts.host}]` : parts.host}:${parts.port}`;
  const display = `${type}://${secret ? "***@" : ""}${where}/${parts.database ?? ""}`;
  const out: DatabaseAddress = { type, ...parts, display };
  for (const key of ["user", "password", "database", "socketPath"] as const) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

function port(text: string, type: DatabaseType): number {
  if (text === "") return DEFAULT_PORTS[type];
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new TypeError(`port must be a number from 1 to 65535, found '${text}'`);
  }
  return value;
}

function sslMode(mode: string | null): TlsMode {
  switch (mode) {
    case "disable":
      return "off";
    case "require":
      return "require";
    case "verify-ca":
    case "verify-full":
      return "verify";
    default:
      return "prefer"; // libpq's default, as pgx
  }
}

function optional(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
