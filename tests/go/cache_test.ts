/**
 * End-to-end: the Go SDK's cache package on Stratos, in memory and on the shared Redis server
 * (whose host functions suspend the guest through JS Promise Integration): values with their
 * TTL, expiry, the backends' missing-key texts, binary values, and host calls from several
 * goroutines of one invocation.
 */

import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { REDIS_URL } from "../support/databases.ts";
import type { TestApp } from "../support/app.ts";
import { errorBody, handler, HAS_GO, PROBE_HANDLER, probeCall, withGoApp } from "./support.ts";

const HANDLERS = "handlers:\n" + PROBE_HANDLER +
  handler("POST", "/set/:key", "fn: cache-set") +
  handler("GET", "/get/:key", "fn: cache-get");

/** A key prefix no other test uses. */
const prefix = () => `stratos-go-${crypto.randomUUID().slice(0, 8)}-`;

/** The checks both backends pass; `missing` is the backend's missing-key text. */
async function checkCache(t: Deno.TestContext, app: TestApp, missing: string): Promise<void> {
  const p = prefix();

  await t.step("Set then Get, also of binary values", async () => {
    const stored = await app.request(`/set/${p}a?ttl=60`, { method: "POST", body: "value a" });
    assert.equal(stored.text, `stored ${p}a for 60s`);
    assert.equal((await app.request(`/get/${p}a`)).text, "value a");
    const bytes = new Uint8Array([0, 255, 1, 128, 10]);
    assert.equal((await app.request(`/set/${p}b`, { method: "POST", body: bytes })).status, 200);
    const read = await fetch(`${app.url}/get/${p}b`);
    assert.deepEqual(new Uint8Array(await read.arrayBuffer()), bytes);
  });

  await t.step("a missing key is the backend's error text", async () => {
    const res = await app.request(`/get/${p}missing`);
    assert.equal(res.status, 404);
    assert.deepEqual(errorBody(res.text), { status: 404, message: missing });
  });

  await t.step("a value expires after its TTL", async () => {
    await app.request(`/set/${p}short?ttl=1`, { method: "POST", body: "soon gone" });
    assert.equal((await app.request(`/get/${p}short`)).text, "soon gone");
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal((await app.request(`/get/${p}short`)).status, 404);
  });

  await t.step("goroutines of one invocation share the host safely", async () => {
    const res = await probeCall(app, "goroutines?n=12");
    assert.equal(res.status, 200);
    const want = Array.from({ length: 12 }, (_, i) => `goroutine-${i}=${i * i}`).sort();
    assert.deepEqual(res.text.split("\n"), want);
  });

  await t.step("one invocation sets and reads back", async () => {
    const res = await probeCall(app, `cache?key=${p}rt&ttl=30`, "round trip");
    assert.equal(res.text, "round trip");
  });
}

Deno.test({
  name: "go sdk - cache in memory",
  ignore: !HAS_GO,
  async fn(t) {
    await withGoApp(
      { directive: HANDLERS, probe: true, examples: ["cache-set", "cache-get"] },
      (app) => checkCache(t, app, "key not found"),
    );
  },
});

Deno.test({
  name: "go sdk - cache on Redis, through JS Promise Integration",
  ignore: !HAS_GO,
  async fn(t) {
    const directive = `connections:\n  redis:\n    serverAddress: ${JSON.stringify(REDIS_URL)}\n` +
      HANDLERS;
    await withGoApp(
      { directive, probe: true, examples: ["cache-set", "cache-get"] },
      async (app) => {
        await checkCache(t, app, "failed to client.Get: redis: nil");
        await t.step("values are in Redis with their TTL", async () => {
          const key = `${prefix()}in-redis`;
          await app.request(`/set/${key}?ttl=60`, { method: "POST", body: "stored by Go" });
          const redis = new Redis(REDIS_URL, { lazyConnect: true });
          await redis.connect();
          try {
            assert.equal(await redis.get(key), "stored by Go");
            const ttl = await redis.ttl(key);
            assert.ok(ttl > 50 && ttl <= 60, `TTL ${ttl}`);
            await redis.del(key);
          } finally {
            redis.disconnect();
          }
        });
      },
    );
  },
});
