/**
 * The db capability: `db_exec(queryType, name, nameSize)` → FFI size runs the
 * Directive's named queries (`queries:` or `Queries.yaml`) with the variables pushed by
 * `add_ffi_var`, honouring `capabilities.db.enabled`. The database comes from a plugin that
 * provides the `db.backend` service (`plugins/sql`, from `connections.database`).
 *
 * @module
 */

import { definePlugin } from "../../plugin.ts";
import { type DatabaseBackend, DB_BACKEND_SERVICE } from "./backend.ts";
import { type DatabaseRef, dbExec } from "./exec.ts";
import { queryCatalog } from "./query_check.ts";

export { type DatabaseBackend, DB_BACKEND_SERVICE, type QueryResult, type Row } from "./backend.ts";
export { type DatabaseRef, dbExec } from "./exec.ts";
export { bytesValue, integerValue, type JsonValue, toJsonValue } from "./json_value.ts";
export { checkQuery, type QueryCatalog, queryCatalog } from "./query_check.ts";
export { resultJson } from "./result_json.ts";

export default definePlugin({
  name: "db",
  setup(ctx) {
    const config = ctx.capabilities.db;
    const ref: DatabaseRef = {};
    ctx.registerHostFunction(dbExec(queryCatalog(config), ref));
    return {
      start() {
        ref.current = ctx.service<DatabaseBackend>(DB_BACKEND_SERVICE);
        if (config.enabled && ref.current === undefined) {
          ctx.log.warn(
            "capabilities.db is enabled but no plugin provides a database: db_exec answers " +
              "'capability is not enabled' (configure connections.database)",
          );
        }
      },
    };
  },
});
