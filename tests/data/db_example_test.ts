/**
 * End-to-end: examples/data as its README shows it, run by the CLI with its connections from
 * the environment: sessions in the shared Redis, notes in the shared PostgreSQL (in a table of
 * its own for this test).
 */

import assert from "node:assert/strict";
import { dataExample } from "../support/data_example.ts";
import { dropTables, POSTGRES_URL, REDIS_URL, uniqueName } from "../support/databases.ts";
import { startStratos } from "../support/stratos_process.ts";

Deno.test("examples/data - log in; add, list, read, change, share and delete notes", async () => {
  const { dir, table } = await dataExample(uniqueName("stratos_notes"), POSTGRES_URL);
  const app = await startStratos(dir, { REDIS_URL, DATABASE_URL: POSTGRES_URL }).catch(
    async (error) => {
      await dropTables("postgresql", [table]);
      throw error;
    },
  );
  try {
    const call = async (method: string, path: string, token?: string, body?: string) => {
      const res = await fetch(app.url + path, {
        method,
        body,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      return { status: res.status, body: await res.json() };
    };
    const login = await call("POST", "/login", undefined, "ada");
    assert.equal(login.status, 200);
    assert.equal(login.body.user, "ada");
    assert.equal(login.body.expiresIn, 3600);
    const ada = login.body.token as string;
    const bob = (await call("POST", "/login", undefined, "bob")).body.token as string;

    assert.deepEqual(await call("POST", "/notes", ada, '{"title":"first","body":"hello"}'), {
      status: 200,
      body: { id: 1 },
    });
    await call("POST", "/notes", ada, '{"title":"second"}');
    const list = await call("GET", "/notes", ada);
    assert.deepEqual(list.body.map((n: { id: number; title: string }) => [n.id, n.title]), [
      [1, "first"],
      [2, "second"],
    ]);
    assert.match(list.body[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const one = await call("GET", "/notes/1", ada);
    assert.equal(one.status, 200);
    assert.deepEqual({ ...one.body, created_at: "-" }, {
      id: 1,
      title: "first",
      body: "hello",
      created_at: "-",
      updated_at: null,
    });
    assert.deepEqual((await call("GET", "/notes", bob)).body, [], "bob sees only his notes");
    assert.equal((await call("GET", "/notes/1", bob)).status, 404);

    assert.deepEqual((await call("PUT", "/notes/1", ada, '{"title":"changed"}')).body, {
      updated: 1,
    });
    const changed = (await call("GET", "/notes/1", ada)).body;
    assert.equal(changed.title, "changed");
    assert.match(changed.updated_at, /Z$/);
    assert.equal((await call("PUT", "/notes/1", bob, '{"title":"mine"}')).status, 404);
    const link = await call("POST", "/notes/1/share", ada);
    assert.equal(link.body.expiresIn, 3600);
    assert.match(link.body.path, /^\/shared\/[0-9a-f-]{36}$/);
    const shared = await call("GET", link.body.path);
    assert.equal(shared.body.title, "changed", "anyone with the link reads the note");
    assert.equal((await call("POST", "/notes/1/share", bob)).status, 404, "only the owner shares");
    assert.deepEqual(await call("GET", "/shared/nope"), {
      status: 404,
      body: { status: 404, message: "unknown or expired link" },
    });
    assert.deepEqual((await call("DELETE", "/notes/2", ada)).body, { deleted: 2 });
    assert.deepEqual(await call("GET", "/notes/2", ada), {
      status: 404,
      body: { status: 404, message: "no note 2" },
    });

    assert.deepEqual(await call("GET", "/notes"), {
      status: 401,
      body: {
        status: 401,
        message: "log in first: POST /login, then send Authorization: Bearer <token>",
      },
    });
    assert.equal(
      (await call("GET", "/notes", "not-a-session")).body.message,
      "unknown or expired session",
    );
    const health = await app.json("/health");
    assert.equal(health.status, 200);
    assert.deepEqual(Object.keys(health.body.checks as object), ["redis", "database"]);
  } finally {
    await app.stop();
    await dropTables("postgresql", [table]);
  }
});
