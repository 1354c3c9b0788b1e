import assert from "node:assert/strict";
import type { DBQuery } from "../../plugin.ts";
import { checkQuery, queryCatalog } from "./query_check.ts";

const queries: DBQuery[] = [
  { name: "add", query: "INSERT INTO t (a, b) VALUES ($1, $2)", type: "insert", varCount: 2 },
  { name: "all", query: "SELECT * FROM t", type: "select", varCount: 0 },
  { name: "bump", query: "UPDATE t SET a = a + 1 WHERE b = $1", type: "update", varCount: 1 },
  { name: "drop", query: "DELETE FROM t WHERE b = $1", type: "delete", varCount: 1 },
];
const catalog = queryCatalog({ enabled: true, queries });

Deno.test("checkQuery - returns the query when type and variable count match", () => {
  assert.equal(checkQuery(catalog, 0, "add", 2), queries[0]);
  assert.equal(checkQuery(catalog, 1, "all", 0), queries[1]);
  assert.equal(checkQuery(catalog, 2, "bump", 1), queries[2]);
  assert.equal(checkQuery(catalog, 3, "drop", 1), queries[3]);
});

Deno.test("checkQuery - Atmo's messages, in Atmo's order", () => {
  assert.equal(checkQuery(catalog, 4, "all", 0), "query type invalid");
  assert.equal(checkQuery(catalog, -1, "all", 0), "query type invalid");
  const disabled = queryCatalog({ enabled: false, queries });
  assert.equal(checkQuery(disabled, 1, "all", 0), "capability is not enabled");
  assert.equal(checkQuery(disabled, 9, "all", 0), "query type invalid");
  assert.equal(checkQuery(catalog, 1, "missing", 0), "query not found: 'missing'");
  assert.equal(
    checkQuery(catalog, 1, "add", 2),
    "query type incorrect: 'add' is an insert query, called as a select",
  );
  assert.equal(
    checkQuery(catalog, 3, "bump", 1),
    "query type incorrect: 'bump' is an update query, called as a delete",
  );
  assert.equal(
    checkQuery(catalog, 0, "add", 1),
    "number of variables incorrect: expected 2 variables, got 1 (query 'add')",
  );
  assert.equal(
    checkQuery(catalog, 1, "all", 3),
    "number of variables incorrect: expected 0 variables, got 3 (query 'all')",
  );
});

Deno.test("checkQuery - an unknown name is told the query it most likely meant", () => {
  assert.equal(
    checkQuery(catalog, 2, "bupm", 1),
    "query not found: 'bupm' (did you mean 'bump'?)",
  );
  assert.equal(checkQuery(catalog, 3, "DROP", 1), "query not found: 'DROP' (did you mean 'drop'?)");
  assert.equal(
    checkQuery(catalog, 2, "update", 1),
    "query not found: 'update'",
    "nothing close: no hint",
  );
});

Deno.test("queryCatalog - no queries, and a later query of the same name wins", () => {
  assert.equal(queryCatalog({ enabled: true }).queries.size, 0);
  const twice = queryCatalog({
    enabled: true,
    queries: [queries[1], { ...queries[1], query: "SELECT 2" }],
  });
  assert.equal(twice.queries.get("all")?.query, "SELECT 2");
});
