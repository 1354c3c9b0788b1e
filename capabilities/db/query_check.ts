/**
 * The checks `db_exec` makes before running a query, in Atmo's order and with Atmo's messages
 * (capabilities/db/README.md lists them): a known query type, the capability enabled, the query
 * found, its type matching, and the right number of variables.
 *
 * @module
 */

import type { DBQuery } from "../../plugin.ts";
import { queryTypeCode } from "../../plugin.ts";

/** The queries `db_exec` may run, by name, and whether the capability is enabled. */
export interface QueryCatalog {
  /** `capabilities.db.enabled`. */
  enabled: boolean;
  /** The Directive's queries by name (a later query of the same name wins, as in Atmo). */
  queries: ReadonlyMap<string, DBQuery>;
}

/** Builds the catalog from the resolved `capabilities.db`. */
export function queryCatalog(config: { enabled: boolean; queries?: DBQuery[] }): QueryCatalog {
  return {
    enabled: config.enabled,
    queries: new Map((config.queries ?? []).map((query) => [query.name, query])),
  };
}

/** Highest `db_exec` wire value of a query type (delete). */
const MAX_TYPE_CODE = 3;

/**
 * The query to run for a `db_exec(queryType, name)` call with `varCount` variables, or the error
 * message to return to the Runnable.
 */
export function checkQuery(
  catalog: QueryCatalog,
  typeCode: number,
  name: string,
  varCount: number,
): DBQuery | string {
  if (!Number.isInteger(typeCode) || typeCode < 0 || typeCode > MAX_TYPE_CODE) {
    return "query type invalid";
  }
  if (!catalog.enabled) return "capability is not enabled";
  const query = catalog.queries.get(name);
  if (query === undefined) return "query not found";
  if (queryTypeCode(query.type) !== typeCode) return "query type incorrect";
  if (query.varCount !== varCount) {
    return `number of variables incorrect: expected ${query.varCount} variables, got ${varCount}`;
  }
  return query;
}
