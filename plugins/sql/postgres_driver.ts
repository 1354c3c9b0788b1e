/**
 * The PostgreSQL driver (npm `postgres`, postgres.js): one pool, named prepared statements,
 * parameters bound as text, results read by `postgres_values.ts`. The session time zone is UTC,
 * so `timestamptz` values come back in UTC.
 *
 * @module
 */

import postgres from "postgres";
import type { DBQuery } from "../../plugin.ts";
import type { QueryResult, Row } from "../../capabilities/db/backend.ts";
import type { DatabaseAddress, TlsMode } from "./address.ts";
import type { SqlDriver } from "./driver.ts";
import { POSTGRES_TYPES, returnedId } from "./postgres_values.ts";
import type { SqlSettings } from "./settings.ts";

const SSL: Readonly<Record<TlsMode, false | "prefer" | "require" | "verify-full">> = {
  off: false,
  prefer: "prefer",
  require: "require",
  verify: "verify-full",
};

/**
 * A postgres.js client for `address` of at most `max` connections (they open on first use);
 * `session` adds run-time parameters to each connection's start.
 */
export function postgresClient(
  address: DatabaseAddress,
  settings: SqlSettings,
  max: number,
  session: Record<string, string> = {},
): postgres.Sql {
  return postgres({
    host: address.host,
    port: address.port,
    ...(address.user === undefined ? {} : { user: address.user }),
    ...(address.password === undefined ? {} : { password: address.password }),
    ...(address.database === undefined ? {} : { database: address.database }),
    ssl: SSL[address.tls],
    max,
    connect_timeout: settings.connectTimeoutMs / 1000,
    prepare: true,
    fetch_types: false, // array columns stay in PostgreSQL's text form: parameters stay text too
    types: POSTGRES_TYPES as unknown as Record<string, postgres.PostgresType>,
    onnotice: () => {},
    connection: { application_name: "stratos", TimeZone: "UTC", ...session },
  });
}

/** A postgres.js pool for `address`; connections open on first use. */
export function postgresDriver(address: DatabaseAddress, settings: SqlSettings): SqlDriver {
  const open = () => postgresClient(address, settings, settings.poolSize);
  let sql = open();
  return {
    name: "postgresql",
    async ping() {
      await sql.unsafe("SELECT 1");
    },
    async prepare(text) {
      await sql.unsafe(text, [], { prepare: true }).describe();
    },
    async run(query: DBQuery, values: readonly string[]): Promise<QueryResult> {
      const result = await sql.unsafe(query.query, [...values], { prepare: true });
      const rows: Row[] = Array.from(result);
      return {
        rows,
        lastInsertID: query.type === "insert" ? returnedId(rows) : 0n,
        rowsAffected: result.count ?? 0,
      };
    },
    async reset() {
      const old = sql;
      sql = open();
      await old.end({ timeout: 0 });
    },
    async close() {
      // Not a graceful end: after an outage postgres.js may wait forever for a connection that
      // was cut mid-write; nothing of ours is running by now.
      await sql.end({ timeout: 0 });
    },
  };
}
