/**
 * The `db.backend` service: runs queries through the driver while the database is available,
 * fails at once with a clear error while it is not, and reports connection failures so
 * attempts to reach it again start (a query cut by one, or failing once the database is known to
 * be unavailable, fails with the same clear error). It
 * counts the queries in flight, so stopping can wait for them and then close the pool at once.
 *
 * @module
 */

import { type DBQuery, errorText } from "../../plugin.ts";
import type { DatabaseBackend, QueryResult } from "../../capabilities/db/backend.ts";
import type { Availability } from "./availability.ts";
import type { SqlDriver } from "./driver.ts";
import { isConnectionError } from "./errors.ts";

/** A {@link DatabaseBackend} over a driver, guarded by an {@link Availability}. */
export class SqlBackend implements DatabaseBackend {
  readonly name: string;
  #inFlight = 0;
  #idle: (() => void)[] = [];

  /**
   * @param driver runs the queries
   * @param availability whether the database can be used
   */
  constructor(readonly driver: SqlDriver, readonly availability: Availability) {
    this.name = driver.name;
  }

  /** Queries running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  async run(query: DBQuery, values: readonly string[]): Promise<QueryResult> {
    const unavailable = await this.availability.unavailable();
    if (unavailable) throw unavailable;
    this.#inFlight++;
    try {
      return await this.driver.run(query, values);
    } catch (error) {
      // Whatever a query that outlived the database's availability fails with (mysql2's
      // "Pool is closed." for one still waiting for a connection when the pool was replaced)
      // is the outage's doing, and names the database like a connection error.
      if (isConnectionError(error) || this.availability.state !== "up") {
        throw this.availability.lost(error);
      }
      throw new Error(errorText(error), { cause: error });
    } finally {
      if (--this.#inFlight === 0) { for (const resolve of this.#idle.splice(0)) resolve(); }
    }
  }

  /** Resolves once no query runs, or after `timeoutMs`; `true` if none runs. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = new Promise<true>((resolve) => this.#idle.push(() => resolve(true)));
    const late = new Promise<false>((resolve) =>
      timer = setTimeout(() => resolve(false), timeoutMs)
    );
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
