/**
 * What the sql plugin needs from a database client library: one implementation per database
 * kind (`postgres_driver.ts`, `mysql_driver.ts`), each owning one connection pool.
 *
 * @module
 */

import type { DBQuery } from "../../plugin.ts";
import type { QueryResult } from "../../capabilities/db/backend.ts";

/** A pooled connection to one database. */
export interface SqlDriver {
  /** Database kind, e.g. `postgresql`. */
  readonly name: string;
  /** One round trip (`SELECT 1`); rejects when the database cannot be reached. */
  ping(): Promise<void>;
  /** Parses and plans `sql` on the server without running it; rejects with the database's error. */
  prepare(sql: string): Promise<void>;
  /** Runs `query` with `values` bound to its placeholders, in order. */
  run(query: DBQuery, values: readonly string[]): Promise<QueryResult>;
  /**
   * Swaps the pool for a new one and closes the old one at once, so that no connection that saw
   * the database go away is used again (after a PostgreSQL shutdown, postgres.js answered the
   * next query on such a connection with the old server's FATAL error, after the restart).
   */
  reset(): Promise<void>;
  /** Closes the pool now (the caller waited for its queries). */
  close(): Promise<void>;
}
