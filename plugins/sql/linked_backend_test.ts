import assert from "node:assert/strict";
import type { DBQuery } from "../../plugin.ts";
import type { DatabaseBackend } from "../../capabilities/db/backend.ts";
import { PrimaryLink } from "../../kernel/isolates/mod.ts";
import { linkedBackend, serveQueries } from "./linked_backend.ts";

const QUERY: DBQuery = { name: "one", query: "SELECT $1", type: "select", varCount: 1 };

Deno.test("linkedBackend - a replica's query runs on the primary's backend, errors included", async () => {
  const ran: [string, readonly string[]][] = [];
  const primary: DatabaseBackend = {
    name: "postgresql",
    run(query, values) {
      ran.push([query.name, values]);
      if (values[0] === "bad") {
        return Promise.reject(new Error("database unavailable (postgresql://***@h/db): down"));
      }
      return Promise.resolve({ rows: [{ v: values[0] }], lastInsertID: 0n, rowsAffected: 0 });
    },
  };
  const link = new PrimaryLink();
  serveQueries(link, primary);
  const replica = linkedBackend(link, "postgresql");
  assert.equal(replica.name, "postgresql");
  assert.deepEqual(await replica.run(QUERY, ["7"]), {
    rows: [{ v: "7" }],
    lastInsertID: 0n,
    rowsAffected: 0,
  });
  await assert.rejects(() => replica.run(QUERY, ["bad"]), /^Error: database unavailable/);
  assert.deepEqual(ran, [["one", ["7"]], ["one", ["bad"]]]);
});
