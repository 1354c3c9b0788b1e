/**
 * The host function `db_exec(queryType, namePtr, nameSize) -> size`: runs
 * a named query of the Directive with the variables pushed by `add_ffi_var` (values only, in
 * order, bound as parameters), and leaves the result JSON or the error text as the FFI result.
 *
 * @module
 */

import { defineHostFunction, type HostFunction } from "../../plugin.ts";
import type { DatabaseBackend } from "./backend.ts";
import { checkQuery, type QueryCatalog } from "./query_check.ts";
import { resultJson } from "./result_json.ts";

/** Where `db_exec` finds the backend (set when the runtime starts). */
export interface DatabaseRef {
  /** The backend, once a plugin provided one. */
  current?: DatabaseBackend;
}

/**
 * `db_exec` over `catalog` and `ref.current`. Errors from the database are prefixed as Atmo
 * prefixed them: `failed to stmt.Query: ` for a select, `failed to Exec: ` otherwise.
 */
export function dbExec(catalog: QueryCatalog, ref: DatabaseRef): HostFunction {
  return defineHostFunction({
    name: "db_exec",
    params: 3,
    returns: true,
    async: true,
    call(call, typeCode, namePtr, nameSize) {
      const name = call.memory.readString(namePtr, nameSize, "db_exec");
      const values = call.takeVars().map((v) => v.value);
      const query = checkQuery(catalog, typeCode, name, values.length);
      if (typeof query === "string") return call.fail(query);
      const backend = ref.current;
      if (backend === undefined) return call.fail("capability is not enabled");
      const prefix = query.type === "select" ? "failed to stmt.Query" : "failed to Exec";
      const span = call.trace?.child("db_exec", "client", {
        "db.query.name": query.name,
        "db.operation.name": query.type,
        "db.system.name": backend.name,
      });
      return backend.run(query, values).then(
        (result) => {
          span?.end({ "db.response.returned_rows": result.rows.length });
          return call.ok(resultJson(query.type, result));
        },
        (error) => {
          const message = error instanceof Error ? error.message : String(error);
          span?.end({}, message);
          call.log.debug("db_exec failed", { query: query.name, error: message });
          return call.fail(`${prefix}: ${message}`);
        },
      );
    },
  });
}
