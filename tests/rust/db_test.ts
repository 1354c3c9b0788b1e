/**
 * The crate's `db` module end to end on examples/rust with the shared PostgreSQL: insert, select,
 * update and delete through the named queries of Queries.yaml, with `QueryArg` variables.
 */

import assert from "node:assert/strict";
import { startRustExample } from "./support.ts";

Deno.test("rust: db::insert/select/update/delete", async (t) => {
  const app = await startRustExample();
  const json = (body: string) => ({ status: 200, type: "application/json", body });
  try {
    await t.step("insert answers lastInsertID (RETURNING id)", async () => {
      const add = (title: string) =>
        app.call("/notes", { method: "POST", body: JSON.stringify({ title }) });
      assert.deepEqual(await add("first"), json('{"lastInsertID":1,"rowsAffected":0}'));
      assert.deepEqual(await add('"quoted" & <b>'), json('{"lastInsertID":2,"rowsAffected":0}'));
    });

    await t.step("select answers rows as JSON objects", async () => {
      assert.deepEqual(
        await app.call("/notes"),
        json('[{"id":1,"title":"first"},{"id":2,"title":"\\"quoted\\" & <b>"}]'),
      );
      assert.deepEqual(await app.call("/notes/1"), json('[{"id":1,"title":"first"}]'));
      assert.deepEqual(await app.call("/notes/9"), {
        status: 404,
        type: "application/json",
        body: '{"status":404,"message":"no note 9"}',
      });
    });

    await t.step("update and delete answer rowsAffected", async () => {
      const put = await app.call("/notes/1", { method: "PUT", body: '{"title":"changed"}' });
      assert.deepEqual(put, json('{"lastInsertID":0,"rowsAffected":1}'));
      assert.deepEqual(
        await app.call("/notes/2", { method: "DELETE" }),
        json('{"lastInsertID":0,"rowsAffected":1}'),
      );
      assert.deepEqual(
        await app.call("/notes/2", { method: "DELETE" }),
        json('{"lastInsertID":0,"rowsAffected":0}'),
      );
      assert.deepEqual(await app.call("/notes"), json('[{"id":1,"title":"changed"}]'));
    });

    await t.step("a database error is the host's error", async () => {
      const answer = await app.call("/notes/not-a-number");
      assert.equal(answer.status, 500);
      assert.equal(answer.type, "application/json");
      assert.match(JSON.parse(answer.body).message, /not-a-number/);
    });
  } finally {
    await app.close();
  }
});
