import assert from "node:assert/strict";
import { createLogger, type DBQuery } from "../../plugin.ts";
import type { SqlDriver } from "./driver.ts";
import { preparationDetail, preparationError, prepareQueries } from "./prepare.ts";

const query = (name: string, sql: string): DBQuery => ({
  name,
  query: sql,
  type: "select",
  varCount: 0,
});

/** A driver whose server refuses SQL naming a missing table. */
const driver = {
  prepare: (sql: string) =>
    sql.includes("missing")
      ? Promise.reject(new Error(`relation "missing" does not exist`))
      : Promise.resolve(),
} as unknown as SqlDriver;

Deno.test("prepareQueries - records each refused query with the database's message", async () => {
  const failures = new Map<string, string>([["stale", "from before"]]);
  const lines: string[] = [];
  const log = createLogger({ level: "error", sink: (line) => lines.push(line) });
  await prepareQueries(
    driver,
    [query("all", "SELECT 1"), query("ghost", "SELECT * FROM missing")],
    failures,
    log,
  );
  assert.deepEqual([...failures], [["ghost", 'relation "missing" does not exist']]);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /failed to Prepare query ghost/);
});

Deno.test("preparationError and preparationDetail - name each query", () => {
  const one = new Map([["ghost", 'relation "missing" does not exist']]);
  assert.equal(
    preparationError(one),
    'query ghost failed to prepare: relation "missing" does not exist',
  );
  const two = new Map([["a", "bad a"], ["b", "bad b"]]);
  assert.equal(
    preparationError(two),
    "2 queries failed to prepare: a (bad a); b (bad b)",
  );
  assert.equal(preparationDetail(two), "2 queries failed to prepare: a, b");
  assert.equal(preparationDetail(new Map()), undefined);
});
