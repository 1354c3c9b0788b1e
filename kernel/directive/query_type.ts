/**
 * The four kinds of database query and their wire codes in `db_exec`.
 *
 * @module
 */

import type { QueryType } from "./types.ts";

/** Query types in wire-code order. */
export const QUERY_TYPES: readonly QueryType[] = ["insert", "select", "update", "delete"];

/** The `db_exec` wire value of a query type: insert=0, select=1, update=2, delete=3. */
export function queryTypeCode(type: QueryType): number {
  return QUERY_TYPES.indexOf(type);
}
