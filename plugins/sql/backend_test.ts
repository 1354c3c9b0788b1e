import assert from "node:assert/strict";
import { createLogger, type DBQuery } from "../../plugin.ts";
import type { QueryResult } from "../../capabilities/db/backend.ts";
import { Availability } from "./availability.ts";
import { SqlBackend } from "./backend.ts";
import type { SqlDriver } from "./driver.ts";

const QUERY: DBQuery = { name: "q", query: "SELECT 1", type: "select", varCount: 0 };
const EMPTY: QueryResult = { rows: [], lastInsertID: 0n, rowsAffected: 0 };

/** A backend whose driver answers with `answer`, on a database that is up. */
async function backend(answer: (values: readonly string[]) => Promise<QueryResult>) {
  const driver: SqlDriver = {
    name: "fake",
    ping: () => Promise.resolve(),
    prepare: () => Promise.resolve(),
    run: (_query, values) => answer(values),
    reset: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const availability = new Availability({
    display: "fake://db",
    connect: () => Promise.resolve(),
    log: createLogger({ level: "off" }),
    retryWaitMs: 60_000,
    retryMaxWaitMs: 60_000,
  });
  await availability.start();
  return { backend: new SqlBackend(driver, availability), availability };
}

Deno.test("SqlBackend - passes values through and counts queries in flight", async () => {
  const { promise, resolve } = Promise.withResolvers<QueryResult>();
  const seen: (readonly string[])[] = [];
  const { backend: b, availability } = await backend((values) => (seen.push(values), promise));
  const running = b.run(QUERY, ["a", "b"]);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(b.inFlight, 1);
  assert.equal(await b.drained(5), false, "still running");
  const drained = b.drained(1000);
  resolve(EMPTY);
  assert.equal(await running, EMPTY);
  assert.equal(await drained, true);
  assert.deepEqual(seen, [["a", "b"]]);
  assert.equal(b.name, "fake");
  availability.close();
});

Deno.test("SqlBackend - a statement error is only that call's, a connection error marks it down", async () => {
  let error: Error = Object.assign(new Error('syntax error at or near "SELEC"'), { code: "42601" });
  const { backend: b, availability } = await backend(() => Promise.reject(error));
  await assert.rejects(b.run(QUERY, []), /^Error: syntax error at or near "SELEC"$/);
  assert.equal(availability.state, "up");
  error = Object.assign(new AggregateError([new Error("connect ECONNREFUSED 127.0.0.1:1")], ""), {
    code: "ECONNREFUSED",
  });
  await assert.rejects(
    b.run(QUERY, []),
    /^Error: database unavailable \(fake:\/\/db\): connect ECONNREFUSED 127.0.0.1:1$/,
    "the query cut by the connection error names the database too",
  );
  assert.equal(availability.state, "down");
  await assert.rejects(
    b.run(QUERY, []),
    /^Error: database unavailable \(fake:\/\/db\): connect ECONNREFUSED 127.0.0.1:1$/,
  );
  assert.equal(b.inFlight, 0);
  availability.close();
});

Deno.test("SqlBackend - a query that outlives the database's availability names the database", async () => {
  const { promise, reject } = Promise.withResolvers<QueryResult>();
  let answer = () => promise;
  const { backend: b, availability } = await backend(() => answer());
  const waiting = b.run(QUERY, []); // waits for a connection of the pool
  await new Promise((r) => setTimeout(r, 0));
  const reset = Object.assign(new Error("connection reset"), { code: "ECONNRESET" });
  answer = () => Promise.reject(reset);
  await assert.rejects(b.run(QUERY, []), /database unavailable/);
  assert.equal(availability.state, "down");
  reject(new Error("Pool is closed.")); // the pool it waited in was replaced
  await assert.rejects(waiting, /^Error: database unavailable \(fake:\/\/db\): Pool is closed\.$/);
  availability.close();
});
