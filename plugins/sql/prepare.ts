/**
 * Preparing the Directive's queries when the database is reached, as Atmo did at start: each is
 * parsed and planned by the server, so a typo or a missing table shows up right away. At start
 * that is a start-up error; when the database is first reached later (it was down at start), the
 * query is logged and named on `GET /health`, and still run when called (the table may have been
 * created since), failing then with the database's error.
 *
 * @module
 */

import { type DBQuery, errorText, type Logger } from "../../plugin.ts";
import type { SqlDriver } from "./driver.ts";
import { isConnectionError } from "./errors.ts";

/** Queries that failed to prepare, by name, with the database's error. */
export type PreparationFailures = Map<string, string>;

/**
 * Prepares every query, recording failures in `failures` (cleared first).
 * @throws the error of a query that failed because the connection did
 */
export async function prepareQueries(
  driver: SqlDriver,
  queries: readonly DBQuery[],
  failures: PreparationFailures,
  log: Logger,
): Promise<void> {
  failures.clear();
  for (const query of queries) {
    try {
      await driver.prepare(query.query);
    } catch (error) {
      if (isConnectionError(error)) throw error;
      failures.set(query.name, errorText(error));
      log.error(`failed to Prepare query ${query.name}`, {
        query: query.query,
        error: errorText(error),
      });
    }
  }
}

/** `N queries failed to prepare: a, b` for `/health`, or `undefined` when all did. */
export function preparationDetail(failures: PreparationFailures): string | undefined {
  if (failures.size === 0) return undefined;
  const n = failures.size;
  return `${n} ${n === 1 ? "query" : "queries"} failed to prepare: ${
    [...failures.keys()].join(", ")
  }`;
}

/** The start-up error's message: each query that failed to prepare, with the database's error. */
export function preparationError(failures: PreparationFailures): string {
  const [[name, error], ...more] = failures;
  if (more.length === 0) return `query ${name} failed to prepare: ${error}`;
  const each = [...failures].map(([name, error]) => `${name} (${error})`);
  return `${failures.size} queries failed to prepare: ${each.join("; ")}`;
}
