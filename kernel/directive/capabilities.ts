/**
 * The capability configuration (`capabilities:`): Reactr's defaults, and the Directive's
 * `capabilities:` resolved over them as Atmo's `capabilities.ResolveFromSource` does.
 *
 * Each top-level key present replaces that capability's default object entirely. Inside a present
 * object, missing fields get Go's zero values (`false`, `""`, `[]`), because that is what Atmo does
 * when yaml.v2 fills a fresh struct: `http: { enabled: true }` disables `allowIPs`, `allowPrivate`
 * and `allowHTTP`, and `cache: {}` disables the cache. Stratos keeps that behaviour (so an Atmo
 * app behaves the same) and warns when a present object has no `enabled` key.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { ValueResolver } from "./env.ts";
import type { Path } from "./locations.ts";
import type { RawAuthHeader, RawCapabilities } from "./schema.ts";
import type { AuthHeader, CapabilityConfig, DBQuery, HTTPRules } from "./types.ts";

/** `rcap.DefaultCapabilityConfig()`: everything enabled, no rules, no database. */
export function defaultCapabilities(): CapabilityConfig {
  return {
    logger: { enabled: true },
    http: { enabled: true, rules: openRules() },
    graphql: { enabled: true, rules: openRules() },
    auth: { enabled: true, headers: {} },
    cache: { enabled: true, rules: { allowSet: true, allowGet: true, allowDelete: true } },
    file: { enabled: true },
    db: { enabled: false },
    requestHandler: { enabled: true, allowGetField: true, allowSetField: true },
  };
}

function openRules(): HTTPRules {
  return {
    allowedDomains: [],
    blockedDomains: [],
    allowedPorts: [],
    blockedPorts: [],
    allowIPs: true,
    allowPrivate: true,
    allowHTTP: true,
  };
}

/** The default capability configuration, deeply frozen. */
export const DEFAULT_CAPABILITIES: Readonly<CapabilityConfig> = deepFreeze(defaultCapabilities());

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

/** What besides `capabilities:` feeds the resolved configuration. */
export interface CapabilitySources {
  /** `authentication.domains`, resolved (both these and `capabilities.auth.headers` apply). */
  authDomains: Record<string, AuthHeader>;
  /** `connections.redis`, resolved; backs the cache. */
  redis?: { serverAddress: string; username?: string; password?: string };
  /** `connections.database`, resolved, with its `connectionString` as written. */
  database?: { type: string; connectionString: string; literalConnectionString: string };
  /** The typed queries. */
  queries: DBQuery[];
}

/**
 * Resolves the capability configuration from the decoded `capabilities:` block. Problems (an
 * invalid `db.dbType`) and warnings go to `context`.
 */
export function resolveCapabilities(
  raw: RawCapabilities | undefined,
  sources: CapabilitySources,
  context: CheckContext,
  resolve: ValueResolver,
): CapabilityConfig {
  const config = defaultCapabilities();
  const path = ["capabilities"];
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (value.enabled === undefined && key !== "db") {
      context.warn(
        [...path, key],
        `capabilities.${key} has no 'enabled' key, so it is disabled (as in Atmo, a missing ` +
          "field of a capability is false)",
      );
    }
  }
  if (raw?.logger) config.logger = { enabled: raw.logger.enabled ?? false };
  if (raw?.http) config.http = { enabled: raw.http.enabled ?? false, rules: rules(raw.http.rules) };
  if (raw?.graphql) {
    config.graphql = { enabled: raw.graphql.enabled ?? false, rules: rules(raw.graphql.rules) };
  }
  const auth = raw?.auth;
  if (auth) config.auth = { enabled: auth.enabled ?? false, headers: {} };
  config.auth.headers = {
    ...sources.authDomains,
    ...headers(
      auth?.headers ?? {},
      (value, domain) => resolve(value, [...path, "auth", "headers", domain, "value"]),
    ),
  };
  const cache = raw?.cache;
  if (cache) {
    const { allowSet = false, allowGet = false, allowDelete = false } = cache.rules ?? {};
    config.cache = { enabled: cache.enabled ?? false, rules: { allowSet, allowGet, allowDelete } };
    if (cache.redis) {
      config.cache.redis = redisConfig(cache.redis, [...path, "cache", "redis"], resolve);
    }
  }
  if (sources.redis) config.cache.redis = sources.redis;
  if (raw?.file) config.file = { enabled: raw.file.enabled ?? false };
  if (raw?.requestHandler) {
    const { enabled = false, allowGetField = false, allowSetField = false } = raw.requestHandler;
    config.requestHandler = { enabled, allowGetField, allowSetField };
  }
  config.db = databaseConfig(raw?.db, sources, context, resolve);
  return config;
}

function rules(raw: NonNullable<RawCapabilities["http"]>["rules"] = {}): HTTPRules {
  const defined = <T>(list: (T | undefined)[] = []) =>
    list.filter((item): item is T => item !== undefined);
  return {
    allowedDomains: defined(raw.allowedDomains),
    blockedDomains: defined(raw.blockedDomains),
    allowedPorts: defined(raw.allowedPorts),
    blockedPorts: defined(raw.blockedPorts),
    allowIPs: raw.allowIPs ?? false,
    allowPrivate: raw.allowPrivate ?? false,
    allowHTTP: raw.allowHTTP ?? false,
  };
}

/** Auth headers with values resolved; a missing `headerType` stays `""` (Go's zero value). */
function headers(
  raw: Record<string, RawAuthHeader>,
  resolve: (value: string, domain: string) => string,
): Record<string, AuthHeader> {
  return Object.fromEntries(
    Object.entries(raw).map(([domain, header]) => [domain, {
      headerType: header.headerType ?? "",
      value: resolve(header.value ?? "", domain),
    }]),
  );
}

function redisConfig(
  raw: { serverAddress?: string; username?: string; password?: string },
  path: Path,
  resolve: ValueResolver,
): NonNullable<CapabilityConfig["cache"]["redis"]> {
  return {
    serverAddress: resolve(raw.serverAddress ?? "", [...path, "serverAddress"]),
    username: resolve(raw.username ?? "", [...path, "username"]),
    password: resolve(raw.password ?? "", [...path, "password"]),
  };
}

/**
 * `db` comes from `connections.database` plus the queries; a user `db` block replaces it only
 * when `enabled: true` (Atmo v0.4.7), and then uses the Directive's queries too.
 */
function databaseConfig(
  raw: RawCapabilities["db"],
  sources: CapabilitySources,
  context: CheckContext,
  resolve: ValueResolver,
): CapabilityConfig["db"] {
  if (raw?.enabled) {
    const dbType = raw.dbType ?? "";
    if (dbType !== "mysql" && dbType !== "pgx") {
      context.error(
        ["capabilities", "db", "dbType"],
        `capabilities.db dbType ${dbType} is invalid, must be 'mysql' or 'pgx'`,
      );
    }
    const connectionString = resolve(raw.connectionString ?? "", [
      "capabilities",
      "db",
      "connectionString",
    ]);
    return {
      enabled: true,
      dbType: dbType === "pgx" ? "pgx" : "mysql",
      connectionString,
      queries: sources.queries,
    };
  }
  const database = sources.database;
  if (!database) return { enabled: false };
  return {
    enabled: database.literalConnectionString !== "",
    dbType: database.type === "postgresql" ? "pgx" : "mysql",
    connectionString: database.connectionString,
    queries: sources.queries,
  };
}
