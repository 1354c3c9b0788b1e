// The database capability (`add_ffi_var` + `db_exec`): named queries from the Directive.

import { db_exec } from "./env";
import { addVar, fail, ffiResult, ident, len, ptr, Result, utf8 } from "./ffi";

/** Query types, with the host's wire values (insert=0, select=1, update=2, delete=3). */
export enum QueryType {
  Insert = 0,
  Select = 1,
  Update = 2,
  Delete = 3,
}

/** One positional argument of a named query (the name is informative; values are positional). */
export class QueryArg {
  constructor(
    public readonly name: string,
    public readonly value: string,
  ) {}
}

/**
 * Runs the named query with `args`. Results are JSON: select → array of row objects;
 * insert → `{"lastInsertID":N,"rowsAffected":0}`; update/delete → `{"lastInsertID":0,"rowsAffected":N}`.
 */
export function exec(queryType: QueryType, name: string, args: QueryArg[] = []): Result {
  for (let i = 0; i < args.length; i++) {
    const arg = unchecked(args[i]);
    if (!addVar(arg.name, arg.value)) {
      return new Result(new ArrayBuffer(0), fail("failed to add query variable " + arg.name));
    }
  }
  const n = utf8(name);
  return ffiResult(db_exec(queryType, ptr(n), len(n), ident()));
}

/** Runs a named `insert` query. */
export function insert(name: string, args: QueryArg[] = []): Result {
  return exec(QueryType.Insert, name, args);
}

/** Runs a named `select` query. */
export function select(name: string, args: QueryArg[] = []): Result {
  return exec(QueryType.Select, name, args);
}

/** Runs a named `update` query. */
export function update(name: string, args: QueryArg[] = []): Result {
  return exec(QueryType.Update, name, args);
}

/** Runs a named `delete` query (exported as `delete`). */
function del(name: string, args: QueryArg[] = []): Result {
  return exec(QueryType.Delete, name, args);
}
export { del as delete };
