/**
 * End-to-end: `db_exec` through the AssemblyScript SDK (`db-run`) on the shared PostgreSQL and
 * MariaDB servers: Atmo's result shapes, values as JSON scalars, Atmo's error messages, bound
 * (never interpolated) variables, a query that fails to prepare at start (a start-up error), and
 * one whose table goes away later.
 */

import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { dataApp, type QuerySpec } from "../support/data_app.ts";
import { StratosError } from "../../plugin.ts";
import {
  type DatabaseKind,
  DATABASES,
  dropTables,
  uniqueName,
  withTables,
} from "../support/databases.ts";
import {
  callDb,
  errorMessage,
  placeholder,
  placeholders,
  QUERY_TYPE,
} from "../support/db_calls.ts";

const { insert, select, update, delete: remove } = QUERY_TYPE;

/** A table of every kind of value, with its queries. */
function fixture(kind: DatabaseKind) {
  const table = uniqueName("stratos_db");
  const p = (n: number) => placeholder(kind, n);
  const ddl = kind === "postgresql"
    ? `CREATE TABLE ${table} (id SERIAL PRIMARY KEY, name TEXT NOT NULL, qty INT, price FLOAT8,
        big BIGINT, ok BOOLEAN, born DATE, at TIMESTAMPTZ, note TEXT, doc JSONB)`
    : `CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL,
        qty INT, price DOUBLE, big BIGINT, ok BOOLEAN, born DATE, at DATETIME(3), note TEXT,
        doc JSON)`;
  const columns = "name, qty, price, big, ok, born, at, doc";
  const queries: QuerySpec[] = [
    {
      name: "add",
      query: `INSERT INTO ${table} (${columns}) VALUES (${placeholders(kind, 8)})` +
        (kind === "postgresql" ? " RETURNING id" : ""),
    },
    { name: "all", query: `SELECT id, ${columns}, note FROM ${table} ORDER BY id` },
    { name: "by_name", query: `SELECT id, name FROM ${table} WHERE name = ${p(1)}`, varCount: 1 },
    {
      name: "rename",
      query: `UPDATE ${table} SET name = ${p(1)} WHERE qty > ${p(2)}`,
      varCount: 2,
    },
    { name: "remove", query: `DELETE FROM ${table} WHERE name = ${p(1)}`, varCount: 1 },
    { name: "gone", query: `SELECT * FROM ${table}_gone` },
  ];
  return { table, ddl: [ddl, `CREATE TABLE ${table}_gone (id INT)`], queries };
}

/** Starts an app on the fixture's table for `kind`; returns it with a cleanup. */
async function started(kind: DatabaseKind, url: string) {
  const { table, ddl, queries } = fixture(kind);
  const drop = await withTables(kind, ddl, [table, `${table}_gone`]);
  const app = await startApp(
    await dataApp({
      database: { type: kind, connectionString: url },
      queries,
    }),
    { healthDetails: true },
  );
  return {
    app,
    table,
    async [Symbol.asyncDispose]() {
      await app.stop();
      await drop();
    },
  };
}

const TIME_IN = "2024-02-29 13:05:09.123";
const WIDGET = [
  "widget",
  "3",
  "2.5",
  "9007199254740993",
  "1",
  "2024-02-29",
  TIME_IN,
  '{"tags":["a"]}',
];
const GADGET = ["gadget", "-7", "0.1", "42", "0", "1999-12-31", TIME_IN, "[]"];

/** The widget row as JSON scalars: the only differences are the time types. */
function widgetRow(kind: DatabaseKind, id: number) {
  return {
    id,
    name: "widget",
    qty: 3,
    price: 2.5,
    big: "9007199254740993",
    ok: true,
    born: "2024-02-29",
    at: kind === "postgresql" ? "2024-02-29T13:05:09.123Z" : "2024-02-29T13:05:09.123",
    doc: { tags: ["a"] },
    note: null,
  };
}

async function insertBoth(app: TestApp): Promise<void> {
  const first = await callDb(app, insert, "add", WIDGET);
  assert.deepEqual(first.body, { lastInsertID: 1, rowsAffected: 0 });
  const second = await callDb(app, insert, "add", GADGET);
  assert.deepEqual(second.body, { lastInsertID: 2, rowsAffected: 0 });
}

for (const { kind, url } of DATABASES) {
  Deno.test(`db_exec ${kind} - insert, select, update and delete answer Atmo's shapes`, async () => {
    await using t = await started(kind, url);
    const { app } = t;
    await insertBoth(app);
    const all = await callDb(app, select, "all");
    assert.equal(all.status, 200);
    assert.deepEqual(all.body, [widgetRow(kind, 1), {
      ...widgetRow(kind, 2),
      name: "gadget",
      qty: -7,
      price: 0.1,
      big: 42,
      ok: false,
      born: "1999-12-31",
      doc: [],
    }]);
    const renamed = await callDb(app, update, "rename", ["renamed", "0"]);
    assert.deepEqual(renamed.body, { lastInsertID: 0, rowsAffected: 1 });
    const removed = await callDb(app, remove, "remove", ["gadget"]);
    assert.deepEqual(removed.body, { lastInsertID: 0, rowsAffected: 1 });
    assert.deepEqual((await callDb(app, remove, "remove", ["gadget"])).body, {
      lastInsertID: 0,
      rowsAffected: 0,
    });
    assert.deepEqual((await callDb(app, select, "by_name", ["renamed"])).body, [
      { id: 1, name: "renamed" },
    ]);
    assert.deepEqual((await callDb(app, select, "by_name", ["gadget"])).body, []);
  });

  Deno.test(`db_exec ${kind} - Atmo's errors: type, name, variable count`, async () => {
    await using t = await started(kind, url);
    const { app } = t;
    assert.equal(
      errorMessage(await callDb(app, select, "add", WIDGET)),
      "query type incorrect: 'add' is an insert query, called as a select",
    );
    assert.equal(
      errorMessage(await callDb(app, remove, "rename", ["a", "1"])),
      "query type incorrect: 'rename' is an update query, called as a delete",
    );
    assert.equal(errorMessage(await callDb(app, select, "nope")), "query not found: 'nope'");
    assert.equal(
      errorMessage(await callDb(app, select, "al")),
      "query not found: 'al' (did you mean 'all'?)",
    );
    assert.equal(errorMessage(await callDb(app, 7, "all")), "query type invalid");
    assert.equal(
      errorMessage(await callDb(app, insert, "add", ["only", "two"])),
      "number of variables incorrect: expected 8 variables, got 2 (query 'add')",
    );
    assert.equal(
      errorMessage(await callDb(app, select, "all", ["extra"])),
      "number of variables incorrect: expected 0 variables, got 1 (query 'all')",
    );
    // The variables of a refused call are consumed: the next call starts from none.
    assert.deepEqual((await callDb(app, select, "all")).body, []);
  });

  Deno.test(`db_exec ${kind} - the database's errors, prefixed as in Atmo`, async () => {
    await using t = await started(kind, url);
    const { app } = t;
    const bad = errorMessage(await callDb(app, insert, "add", ["x", "abc", ...WIDGET.slice(2)]));
    assert.match(bad, /^failed to Exec: .*abc/);
    // A table dropped after start: the query fails when called, with the database's error.
    await dropTables(kind, [`${t.table}_gone`]);
    const gone = errorMessage(await callDb(app, select, "gone"));
    assert.match(gone, new RegExp(`^failed to stmt.Query: .*${t.table}_gone`));
    assert.equal((await app.request("/health")).status, 200, "the database is still up");
  });

  Deno.test(`db_exec ${kind} - a query that fails to prepare stops start-up, named`, async () => {
    const table = uniqueName("stratos_missing");
    const dir = await dataApp({
      database: { type: kind, connectionString: url },
      queries: [{ name: "all", query: "SELECT 1" }, {
        name: "ghost",
        query: `SELECT * FROM ${table}`,
      }],
    });
    await assert.rejects(
      startApp(dir),
      (error) =>
        error instanceof StratosError && error.code === "STRATOS_ERR_DB_QUERY_INVALID" &&
        new RegExp(`^query ghost failed to prepare: .*${table}.*(does not|doesn't) exist`)
          .test(error.message),
    );
    await Deno.remove(dir, { recursive: true });
  });

  Deno.test(`db_exec ${kind} - user and password as query parameters of the URL`, async () => {
    const server = new URL(url);
    const where = `${server.host}${server.pathname}`;
    const credentials = `user=${server.username}&password=${server.password}`;
    for (
      const form of [
        `${server.protocol}//${where}?${credentials}`,
        // The query parameters win over the user info, as in the drivers.
        `${server.protocol}//nobody:wrong@${where}?${credentials}`,
      ]
    ) {
      await using t = await started(kind, form);
      await insertBoth(t.app);
      const all = await callDb(t.app, select, "by_name", ["gadget"]);
      assert.deepEqual(all.body, [{ id: 2, name: "gadget" }], form);
      assert.ok(!JSON.stringify(t.app.logs).includes(`password=${server.password}`), "no secret");
    }
  });

  Deno.test(`db_exec ${kind} - variables are bound, never interpolated`, async () => {
    await using t = await started(kind, url);
    const { app, table } = t;
    const injection = `x'); DROP TABLE ${table}; --`;
    const quote = "' OR '1'='1";
    assert.equal((await callDb(app, insert, "add", [injection, ...WIDGET.slice(1)])).status, 200);
    assert.equal((await callDb(app, insert, "add", [quote, ...WIDGET.slice(1)])).status, 200);
    assert.deepEqual((await callDb(app, select, "by_name", [injection])).body, [
      { id: 1, name: injection },
    ]);
    assert.deepEqual((await callDb(app, select, "by_name", [quote])).body, [{
      id: 2,
      name: quote,
    }]);
    assert.deepEqual((await callDb(app, select, "by_name", ["nobody' OR '1'='1"])).body, []);
    const rows = (await callDb(app, select, "all")).body as { name: string }[];
    assert.deepEqual(rows.map((r) => r.name), [injection, quote], "the table survived");
  });
}

Deno.test("db_exec - no database configured: capability is not enabled", async () => {
  const app = await startApp(await dataApp({ queries: [{ name: "all", query: "SELECT 1" }] }));
  try {
    assert.equal(errorMessage(await callDb(app, select, "all")), "capability is not enabled");
    assert.equal(errorMessage(await callDb(app, 9, "all")), "query type invalid");
    assert.ok(!app.runtime.plugins.includes("sql"), "no database plugin without a database");
  } finally {
    await app.stop();
  }
});
