/**
 * The JSON a Runnable receives from `db_exec`, as Atmo wrote it: a select gives an array of row
 * objects; an insert `{"lastInsertID":N,"rowsAffected":0}`; an update or delete
 * `{"lastInsertID":0,"rowsAffected":N}`. Integers are written exactly (an id past 2^53 too).
 *
 * @module
 */

import type { QueryType } from "../../plugin.ts";
import type { QueryResult } from "./backend.ts";
import { toJsonValue } from "./json_value.ts";

/** The JSON text of `result` for a query of `type`. */
export function resultJson(type: QueryType, result: QueryResult): string {
  switch (type) {
    case "select":
      return rowsJson(result.rows);
    case "insert":
      return changesJson(result.lastInsertID, 0);
    default:
      return changesJson(0n, result.rowsAffected);
  }
}

/** Rows as a JSON array of objects, values mapped with {@link toJsonValue}. */
export function rowsJson(rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(rows.map(toJsonValue));
}

function changesJson(lastInsertID: bigint, rowsAffected: number): string {
  return `{"lastInsertID":${lastInsertID},"rowsAffected":${rowsAffected}}`;
}
