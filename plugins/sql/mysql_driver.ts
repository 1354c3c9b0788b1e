/**
 * The MySQL/MariaDB driver (npm `mysql2`): one pool, server-side prepared statements
 * (`execute`, cached per connection), parameters bound as text, no multiple statements, results
 * read by `mysql_values.ts`. Like Atmo's go-sql-driver, `rowsAffected` counts changed rows (not
 * matched ones), and each connection's session time zone is UTC.
 *
 * @module
 */

import mysql from "mysql2/promise";
import type { DBQuery } from "../../plugin.ts";
import type { QueryResult, Row } from "../../capabilities/db/backend.ts";
import type { DatabaseAddress } from "./address.ts";
import type { SqlDriver } from "./driver.ts";
import { type MysqlField, mysqlRows } from "./mysql_values.ts";
import type { SqlSettings } from "./settings.ts";

/** A mysql2 pool for `address`; connections open on first use. */
export function mysqlDriver(address: DatabaseAddress, settings: SqlSettings): SqlDriver {
  let pool = openPool(address, settings);
  return {
    name: "mysql",
    async ping() {
      await pool.query("SELECT 1");
    },
    async prepare(text) {
      const connection = await pool.getConnection();
      try {
        await connection.prepare(text);
        connection.unprepare(text);
      } finally {
        connection.release();
      }
    },
    async run(query: DBQuery, values: readonly string[]): Promise<QueryResult> {
      const [result, fields] = await pool.execute(query.query, [...values]);
      if (Array.isArray(result)) {
        const rows = mysqlRows(result as Row[], (fields ?? []) as MysqlField[]);
        return { rows, lastInsertID: 0n, rowsAffected: 0 };
      }
      const header = result as mysql.ResultSetHeader;
      return {
        rows: [],
        lastInsertID: BigInt(header.insertId ?? 0),
        rowsAffected: header.affectedRows ?? 0,
      };
    },
    reset() {
      const old = pool;
      pool = openPool(address, settings);
      old.end().catch(() => {}); // not awaited: a connection cut mid-command may never answer
      return Promise.resolve();
    },
    async close() {
      await pool.end().catch(() => {}); // COM_QUIT on each idle connection; a dead one just closes
    },
  };
}

function openPool(address: DatabaseAddress, settings: SqlSettings): mysql.Pool {
  const pool = mysql.createPool({
    ...(address.socketPath === undefined
      ? { host: address.host, port: address.port }
      : { socketPath: address.socketPath }),
    user: address.user,
    password: address.password,
    database: address.database,
    ...(address.tls === "off" ? {} : { ssl: { rejectUnauthorized: address.tls === "verify" } }),
    connectionLimit: settings.poolSize,
    connectTimeout: settings.connectTimeoutMs,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
    multipleStatements: false,
    flags: ["-FOUND_ROWS"],
    enableKeepAlive: true,
  });
  // A connection's first command: every later one on it runs after it.
  pool.pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'", () => {});
  });
  return pool;
}
