/**
 * Database queries: Atmo's validation messages, the query type inferred from the
 * SQL prefix, and the variable count from Atmo's placeholder regexes.
 *
 * @module
 */

import type { CheckContext } from "./check_context.ts";
import type { Path } from "./locations.ts";
import type { RawQuery } from "./schema.ts";
import { QUERY_TYPES } from "./query_type.ts";
import type { DBQuery, QueryType } from "./types.ts";

/**
 * The query type from the SQL prefix, as Atmo: all lower case or all upper case
 * (`select`/`SELECT`); mixed case or anything else is not recognised.
 */
export function inferQueryType(sql: string): QueryType | undefined {
  return QUERY_TYPES.find((type) => sql.startsWith(type) || sql.startsWith(type.toUpperCase()));
}

/** Atmo's MySQL placeholder regex (`?` next to a space, comma or parenthesis). */
const MYSQL_VARIABLE = / \? | \?,|\(\?|\?\)|,\?|\? /g;
/** Atmo's PostgreSQL placeholder regex (`$` and a digit). */
const POSTGRES_VARIABLE = /\$\d/g;

/** Counts a query's variables with Atmo's regex for the database type. */
export function countQueryVars(sql: string, database: "mysql" | "postgresql"): number {
  return sql.match(database === "postgresql" ? POSTGRES_VARIABLE : MYSQL_VARIABLE)?.length ?? 0;
}

/** A query to check, with where it came from (the Directive or `Queries.yaml`). */
export interface QuerySource {
  /** The decoded query. */
  query: RawQuery;
  /** Reports problems in the query's file. */
  context: CheckContext;
  /** Path of the query in its file. */
  path: Path;
}

/** The database the queries run on, from `connections.database`. */
export interface QueryDatabase {
  /** Whether `connections.database` is configured. */
  configured: boolean;
  /** Its type; anything but `postgresql` counts variables as MySQL. */
  type?: string;
}

/**
 * Checks the queries (numbered across the Directive and `Queries.yaml`; a hole is an item of the
 * wrong type, already reported) and types them. A query
 * whose type cannot be inferred is an error when a database is configured (Atmo then fails to
 * start) and otherwise a warning, and is left out.
 */
export function checkQueries(
  sources: (QuerySource | undefined)[],
  database: QueryDatabase,
): DBQuery[] {
  const typed: DBQuery[] = [];
  for (const [i, source] of sources.entries()) {
    if (!source) continue;
    const { query, context, path } = source;
    const { name = "", query: sql = "", type, varCount = 0 } = query;
    if (!name) context.error([...path, "name"], `query at position ${i} has no name`);
    if (!sql) context.error([...path, "query"], `query at position ${i} has no query value`);
    const known = QUERY_TYPES.find((t) => t === type);
    if (type && !known) {
      context.error([...path, "type"], `query at position ${i} has invalid type ${type}`);
    }
    if (varCount < 0) {
      context.error([...path, "varCount"], `query at position ${i} cannot have negative var count`);
    }
    const resolved = type ? known : inferQueryType(sql);
    if (sql && !type && !resolved) {
      const message = `query at position ${i}: unable to determine query type`;
      if (database.configured) context.error([...path, "query"], message);
      else context.warn([...path, "query"], message);
    }
    if (!resolved) continue;
    const count = varCount ||
      countQueryVars(sql, database.type === "postgresql" ? "postgresql" : "mysql");
    typed.push({ name, query: sql, type: resolved, varCount: count });
  }
  return typed;
}
