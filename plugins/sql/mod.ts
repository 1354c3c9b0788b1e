/**
 * The sql plugin: the `connections.database` connection (PostgreSQL through npm `postgres`, or
 * MySQL/MariaDB through npm `mysql2`), offered to the db capability as the `db.backend` service.
 * With several isolates (`--workers`) each isolate has a pool of its own, an equal share of the
 * pool size (rounded up), so a query never crosses isolates.
 *
 * It reads the resolved `capabilities.db` (from `connections.database` and the queries, or a
 * `capabilities.db` block with `enabled: true`). At start it reaches the database and prepares
 * every query, while the app already serves: handlers whose Runnables call `db_exec` wait for
 * that first attempt (or get 503, see `--ready-wait`). A query the database refuses stops
 * start-up with an error naming it and the database's message. A database that cannot be reached
 * does not stop the app: it is reported (log, and `GET /health` check `database`, 503) and tried
 * again in the background, and `db_exec` fails at once with `database unavailable (...)` until it
 * answers (a query that then fails to prepare is logged and named on `/health`). Knobs:
 * `settings.ts` (`STRATOS_DB_*`).
 *
 * @module
 */

import { definePlugin, readEnv, StratosError } from "../../plugin.ts";
import { DB_BACKEND_SERVICE, DB_HOST_FUNCTIONS } from "../../capabilities/db/backend.ts";
import { type DatabaseAddress, type DatabaseType, parseConnectionString } from "./address.ts";
import { Availability } from "./availability.ts";
import { SqlBackend } from "./backend.ts";
import type { SqlDriver } from "./driver.ts";
import { mysqlDriver } from "./mysql_driver.ts";
import { postgresClient, postgresDriver } from "./postgres_driver.ts";
import { LEASE_SESSION, postgresLeaseStore } from "./lease_store.ts";
import {
  preparationDetail,
  preparationError,
  type PreparationFailures,
  prepareQueries,
} from "./prepare.ts";
import { readSqlSettings, type SqlSettings } from "./settings.ts";

/**
 * Reads the connection string of a database of `type`.
 * @throws {StratosError} `STRATOS_ERR_DB_CONFIG` saying what is wrong (never the password)
 */
export function databaseAddress(type: DatabaseType, connectionString: string): DatabaseAddress {
  if (connectionString.trim() === "") {
    throw new StratosError(
      "STRATOS_ERR_DB_CONFIG",
      "connections.database.connectionString is empty (if it is env(NAME), NAME is not set)",
    );
  }
  try {
    return parseConnectionString(type, connectionString);
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_DB_CONFIG",
      `connections.database.connectionString is not a ${type} connection string: ` +
        (error instanceof Error ? error.message : String(error)),
    );
  }
}

/** The service the PostgreSQL lease store is offered as (one of `LEASE_SERVICES`). */
const POSTGRES_LEASE_SERVICE = "lease.postgresql";

function openDriver(address: DatabaseAddress, settings: SqlSettings): SqlDriver {
  return address.type === "postgresql"
    ? postgresDriver(address, settings)
    : mysqlDriver(address, settings);
}

export default definePlugin({
  name: "sql",
  setup(ctx) {
    const config = ctx.capabilities.db;
    if (!config.enabled) return; // no database configured
    const type: DatabaseType = config.dbType === "pgx" ? "postgresql" : "mysql";
    const address = databaseAddress(type, config.connectionString ?? "");
    const settings = readSqlSettings(ctx.config, readEnv);
    const queries = config.queries ?? [];
    // The isolates share the pool size: each opens at most its share, and the process at most
    // the pool size rounded up to a multiple of the isolates.
    const isolates = ctx.link ? Math.max(1, ctx.options.workers) : 1;
    const driver = openDriver(address, {
      ...settings,
      poolSize: Math.ceil(settings.poolSize / isolates),
    });
    const failures: PreparationFailures = new Map();
    let attempts = 0;
    const availability = new Availability({
      display: address.display,
      async connect() {
        // Another attempt: the database could not be reached or was lost; start afresh.
        if (attempts++ > 0) await driver.reset();
        await driver.ping();
        await prepareQueries(driver, queries, failures, ctx.log);
      },
      log: ctx.log,
      retryWaitMs: settings.retryWaitMs,
      retryMaxWaitMs: settings.retryMaxWaitMs,
      detail: () => preparationDetail(failures),
    });
    const backend = new SqlBackend(driver, availability);
    ctx.provide(DB_BACKEND_SERVICE, backend);
    ctx.addConnection("database", availability, DB_HOST_FUNCTIONS);
    // Schedules of a fleet may hold their lease as an advisory lock, on a connection of its own
    // (schedules run in the primary isolate only).
    const leases = address.type === "postgresql" && ctx.link?.role !== "replica"
      ? postgresLeaseStore(
        address.display,
        () => postgresClient(address, settings, 1, LEASE_SESSION),
      )
      : undefined;
    if (leases) ctx.provide(POSTGRES_LEASE_SERVICE, leases);
    ctx.announce(() => {
      const prepared = queries.length - failures.size;
      const state = availability.state === "connecting"
        ? "connecting"
        : availability.state !== "up"
        ? "not reachable yet, retrying in the background"
        : failures.size > 0
        ? `${prepared} of ${queries.length} queries prepared (see the log)`
        : `${prepared} ${prepared === 1 ? "query" : "queries"} prepared`;
      return `database: ${address.display}, ${state}`;
    });
    return {
      async start() {
        await availability.start();
        if (availability.state === "up" && failures.size > 0) {
          throw new StratosError("STRATOS_ERR_DB_QUERY_INVALID", preparationError(failures));
        }
      },
      async stop() {
        availability.close(); // new calls are refused from now on
        if (!await backend.drained(settings.closeTimeoutMs)) {
          ctx.log.warn("stopped with database queries still running", { count: backend.inFlight });
        }
        await Promise.all([driver.close(), leases?.close()]);
      },
    };
  },
});
