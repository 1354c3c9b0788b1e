import assert from "node:assert/strict";
import { checkQueries, countQueryVars, inferQueryType } from "./queries.ts";
import { queryTypeCode } from "./query_type.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("queryTypeCode gives the db_exec wire values", () => {
  assert.deepEqual(
    (["insert", "select", "update", "delete"] as const).map(queryTypeCode),
    [0, 1, 2, 3],
  );
});

Deno.test("inferQueryType recognises lower- and upper-case prefixes only", () => {
  assert.equal(inferQueryType("select * from t"), "select");
  assert.equal(inferQueryType("INSERT INTO t VALUES (?)"), "insert");
  assert.equal(inferQueryType("UPDATE t SET a = 1"), "update");
  assert.equal(inferQueryType("delete from t"), "delete");
  assert.equal(inferQueryType("Select 1"), undefined);
  assert.equal(inferQueryType(" select 1"), undefined);
  assert.equal(inferQueryType("WITH x AS (SELECT 1) SELECT * FROM x"), undefined);
});

Deno.test("countQueryVars uses Atmo's MySQL and PostgreSQL regexes", () => {
  assert.equal(countQueryVars("INSERT INTO t (a, b) VALUES (?, ?)", "mysql"), 2);
  assert.equal(countQueryVars("SELECT * FROM t WHERE a = ? AND b = ? ", "mysql"), 2);
  // Atmo's quirk, kept: a `?` at the very end is not counted (then give `varCount`).
  assert.equal(countQueryVars("SELECT * FROM t WHERE a = ? AND b = ?", "mysql"), 1);
  assert.equal(countQueryVars("SELECT * FROM t WHERE a=?", "mysql"), 0);
  assert.equal(countQueryVars("SELECT * FROM t WHERE a = $1 AND b = $2", "postgresql"), 2);
  assert.equal(countQueryVars("SELECT * FROM t WHERE a = $1 AND b = $2", "mysql"), 0);
});

function check(
  text: string,
  database = { configured: false, type: undefined as string | undefined },
) {
  const { raw, context, report } = decodeFixture(text);
  const sources = (raw.queries ?? []).map((query, i) =>
    query && { query, context, path: ["queries", i] }
  );
  return { queries: checkQueries(sources, database), report };
}

Deno.test("types and counts valid queries", () => {
  const { queries, report } = check(
    "queries:\n  - name: a\n    query: SELECT * FROM t WHERE id = $1\n" +
      "  - name: b\n    query: UPDATE t SET x = 1\n    type: update\n    varCount: 4\n",
    { configured: true, type: "postgresql" },
  );
  assert.deepEqual(queries, [
    { name: "a", query: "SELECT * FROM t WHERE id = $1", type: "select", varCount: 1 },
    { name: "b", query: "UPDATE t SET x = 1", type: "update", varCount: 4 },
  ]);
  assert.deepEqual(lines(report), []);
});

Deno.test("reports Atmo's query messages", () => {
  const { report } = check(
    "queries:\n  - query: SELECT 1\n  - name: b\n  - name: c\n    query: x\n    type: upsert\n" +
      "    varCount: -1\n",
  );
  assert.deepEqual(lines(report), [
    "2:5: query at position 0 has no name",
    "3:5: query at position 1 has no query value",
    "6:11: query at position 2 has invalid type upsert",
    "7:15: query at position 2 cannot have negative var count",
  ]);
});

Deno.test("an unknown query type is an error only with a database", () => {
  const text = "queries:\n  - name: a\n    query: Select 1\n";
  const withDatabase = check(text, { configured: true, type: "mysql" });
  assert.deepEqual(lines(withDatabase.report), [
    "3:12: query at position 0: unable to determine query type",
  ]);
  const without = check(text);
  assert.deepEqual(lines(without.report), [
    "3:12: warning: query at position 0: unable to determine query type",
  ]);
  assert.deepEqual(without.queries, []);
});
