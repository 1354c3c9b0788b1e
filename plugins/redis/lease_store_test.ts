import assert from "node:assert/strict";
import { ConnectionHealth, createLogger } from "../../plugin.ts";
import { REDIS_URL } from "../../tests/support/databases.ts";
import { parseRedisAddress } from "./address.ts";
import { redisLink } from "./connection.ts";
import { leaseKeys, redisLeaseStore } from "./lease_store.ts";
import { readRedisSettings } from "./settings.ts";

/** A store on its own connection to the shared Redis. */
function store() {
  const address = parseRedisAddress({ serverAddress: REDIS_URL });
  const health = new ConnectionHealth(address.display);
  const link = redisLink(
    address,
    readRedisSettings({}, () => undefined),
    health,
    createLogger({ level: "off" }),
  );
  const leases = redisLeaseStore(link.client, health);
  const connecting = link.connect();
  return { leases, link, connecting };
}

Deno.test("redis lease store - one holder at a time, a growing fence, extended, ended, given up", async () => {
  const key = `test-${crypto.randomUUID()}`;
  const [a, b] = [store(), store()];
  try {
    // a call made while the connection is first opened waits for it
    const first = await a.leases.acquire(key, "a", 10_000);
    await Promise.all([a.connecting, b.connecting]);
    assert.equal(typeof first, "number");
    assert.equal(await b.leases.acquire(key, "b", 10_000), undefined, "a holds it");
    const [lease] = leaseKeys(key);
    await a.link.client.pexpire(lease, 500);
    assert.equal(await a.leases.acquire(key, "a", 10_000), first, "extended: same fence");
    assert.ok(await a.link.client.pttl(lease) > 9000, "for its whole time again");
    await a.link.client.pexpire(lease, 1); // a's time is up
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await b.leases.acquire(key, "b", 10_000);
    assert.equal(second, first! + 1, "a's lease ran out: b holds it, with a larger fence");
    await a.leases.release(key, "a");
    assert.equal(await a.leases.acquire(key, "a", 10_000), undefined, "a cannot give up b's lease");
    await b.leases.release(key, "b");
    assert.equal(await a.leases.acquire(key, "a", 10_000), first! + 2, "given up: free at once");
    assert.match(a.leases.name, /^Redis at redis:\/\//);
  } finally {
    await a.link.client.del(...leaseKeys(key));
    await Promise.all([a.link.close(1000), b.link.close(1000)]);
  }
});
