/**
 * End-to-end: the Go SDK's db package on the shared PostgreSQL and MariaDB servers: Insert,
 * Select, Update and Delete of named queries with positional arguments, Exec with a wire type,
 * and Atmo's error texts as Go errors.
 */

import assert from "node:assert/strict";
import { DATABASES, uniqueName, withTables } from "../support/databases.ts";
import { placeholder } from "../support/db_calls.ts";
import type { TestApp } from "../support/app.ts";
import { errorBody, HAS_GO, PROBE_HANDLER, probeCall, withGoApp } from "./support.ts";

/** Runs the named query with `args` (one per line) through the probe. */
async function query(app: TestApp, type: string, name: string, args: string[] = []) {
  const res = await probeCall(app, `db?type=${type}&name=${name}`, args.join("\n"));
  return { status: res.status, body: JSON.parse(res.text) };
}

for (const { kind, url } of DATABASES) {
  Deno.test({
    name: `go sdk - db on ${kind}`,
    ignore: !HAS_GO,
    async fn(t) {
      const table = uniqueName("stratos_go");
      const p = (n: number) => placeholder(kind, n);
      const id = kind === "postgresql"
        ? "id SERIAL PRIMARY KEY"
        : "id INT AUTO_INCREMENT PRIMARY KEY";
      const drop = await withTables(
        kind,
        [`CREATE TABLE ${table} (${id}, name VARCHAR(100) NOT NULL, moons INT)`],
        [table],
      );
      // [name, SQL, variables] (varCount: Atmo's counting regex misses some of MySQL's "?")
      const queries: [string, string, number][] = [
        ["add", `INSERT INTO ${table} (name, moons) VALUES (${p(1)}, ${p(2)})`, 2],
        [
          "by_moons",
          `SELECT name, moons FROM ${table} WHERE moons >= ${p(1)} ORDER BY moons DESC`,
          1,
        ],
        ["rename", `UPDATE ${table} SET name = ${p(1)} WHERE name = ${p(2)}`, 2],
        ["remove", `DELETE FROM ${table} WHERE name = ${p(1)}`, 1],
      ];
      const directive = [
        "connections:",
        "  database:",
        `    type: ${kind}`,
        `    connectionString: ${JSON.stringify(url)}`,
        "queries:",
        ...queries.flatMap(([name, sql, vars]) => [
          `  - name: ${name}`,
          `    query: ${JSON.stringify(sql)}`,
          `    varCount: ${vars}`,
        ]),
        "handlers:",
        PROBE_HANDLER,
      ].join("\n");
      try {
        await withGoApp({ directive, probe: true }, async (app) => {
          await t.step("Insert", async () => {
            for (const [name, moons] of [["mars", "2"], ["earth", "1"], ["venus", "0"]]) {
              const res = await query(app, "insert", "add", [name, moons]);
              assert.equal(res.status, 200, JSON.stringify(res.body));
              assert.equal(res.body.rowsAffected, 0);
              if (kind === "mysql") assert.ok(res.body.lastInsertID > 0);
            }
          });

          await t.step("Select with an argument", async () => {
            const res = await query(app, "select", "by_moons", ["1"]);
            assert.deepEqual(res.body, [{ name: "mars", moons: 2 }, { name: "earth", moons: 1 }]);
          });

          await t.step("Update and Delete report the rows affected", async () => {
            const renamed = await query(app, "update", "rename", ["MARS", "mars"]);
            assert.deepEqual(renamed.body, { lastInsertID: 0, rowsAffected: 1 });
            const removed = await query(app, "delete", "remove", ["venus"]);
            assert.deepEqual(removed.body, { lastInsertID: 0, rowsAffected: 1 });
            const left = await query(app, "select", "by_moons", ["0"]);
            assert.deepEqual(left.body, [{ name: "MARS", moons: 2 }, { name: "earth", moons: 1 }]);
          });

          await t.step("Exec sends the wire type (select = 1)", async () => {
            const res = await query(app, "1", "by_moons", ["2"]);
            assert.deepEqual(res.body, [{ name: "MARS", moons: 2 }]);
          });

          await t.step("the host's errors come back as Go errors", async () => {
            const wrongType = await query(app, "insert", "by_moons", ["1"]);
            assert.deepEqual(errorBody(JSON.stringify(wrongType.body)), {
              status: 400,
              message: "query type incorrect: 'by_moons' is a select query, called as an insert",
            });
            const missing = await query(app, "select", "nope");
            assert.equal(missing.body.message, "query not found: 'nope'");
            const count = await query(app, "select", "by_moons");
            assert.equal(
              count.body.message,
              "number of variables incorrect: expected 1 variables, got 0 (query 'by_moons')",
            );
          });
        });
      } finally {
        await drop();
      }
    },
  });
}
