import assert from "node:assert/strict";
import { POSTGRES_URL } from "../../tests/support/databases.ts";
import { parseConnectionString } from "./address.ts";
import { LEASE_SESSION, postgresLeaseStore } from "./lease_store.ts";
import { postgresClient } from "./postgres_driver.ts";
import { readSqlSettings } from "./settings.ts";

const address = parseConnectionString("postgresql", POSTGRES_URL);
const settings = readSqlSettings({}, () => undefined);
const store = () =>
  postgresLeaseStore(address.display, () => postgresClient(address, settings, 1, LEASE_SESSION));

Deno.test("postgresql lease store - one holder at a time; it ends with its session; a growing fence", async () => {
  const key = `test-${crypto.randomUUID()}`;
  const [a, b, c] = [store(), store(), store()];
  try {
    const first = await a.acquire(key, "a", 1000);
    assert.equal(typeof first, "number");
    assert.equal(await b.acquire(key, "b", 1000), undefined, "a holds it");
    assert.equal(await a.acquire(key, "a", 1000), first, "still a's session: same fence");
    await a.close(); // a's process died: its session ends, and the lock with it
    const second = await b.acquire(key, "b", 1000);
    assert.ok(second !== undefined && second > first!, `b holds it with a larger fence: ${second}`);
    assert.equal(await c.acquire(key, "c", 1000), undefined);
    await b.release(key, "b");
    const third = await c.acquire(key, "c", 1000);
    assert.ok(third !== undefined && third > second, "given up: free at once");
    await b.release(key, "b"); // not b's any more: nothing happens
    assert.equal(await c.acquire(key, "c", 1000), third);
    assert.match(c.name, /^PostgreSQL at postgresql:\/\/\*\*\*@/);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});
