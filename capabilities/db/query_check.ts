/**
 * The checks `db_exec` makes before running a query, in Atmo's order and with Atmo's messages
 * (capabilities/db/README.md lists them): a known query type, the capability enabled, the query
 * found, its type matching, and the right number of variables. The messages about a query go on
 * to name it (and, for an unknown name, the query it most likely meant).
 *
 * @module
 */

import type { DBQuery } from "../../plugin.ts";
import { closestName, QUERY_TYPES, queryTypeCode } from "../../plugin.ts";

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
  if (query === undefined) {
    const closest = closestName(name, catalog.queries.keys());
    return `query not found: '${name}'${closest ? ` (did you mean '${closest}'?)` : ""}`;
  }
  if (queryTypeCode(query.type) !== typeCode) {
    return `query type incorrect: '${name}' is ${article(query.type)} query, called as ` +
      `${article(QUERY_TYPES[typeCode])}`;
  }
  if (query.varCount !== varCount) {
    return `number of variables incorrect: expected ${query.varCount} variables, got ${varCount} ` +
      `(query '${name}')`;
  }
  return query;
}

/** `an insert`, `a select`, `an update`, `a delete`. */
function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}
