/**
 * End-to-end: the cache capability on the shared Redis server through the AssemblyScript SDK
 * (examples/hello's cache-set and cache-get): values stored in Redis with their TTL, expiry,
 * Atmo's missing-key message, and the in-memory cache still used by apps without Redis.
 */

import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { startApp, type TestApp } from "../support/app.ts";
import { dataApp } from "../support/data_app.ts";
import { REDIS_URL } from "../support/databases.ts";
import { tcpProxy } from "../support/tcp_proxy.ts";

/** A key prefix no other test uses. */
const prefix = () => `stratos-test-${crypto.randomUUID().slice(0, 8)}-`;

async function withRedisApp(
  test: (app: TestApp, redis: Redis) => Promise<void>,
  serverAddress = REDIS_URL,
): Promise<void> {
  const app = await startApp(await dataApp({ redis: serverAddress }), { healthDetails: true });
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    await test(app, redis);
  } finally {
    redis.disconnect();
    await app.stop();
  }
}

const set = (app: TestApp, key: string, value: BodyInit, ttl: number) =>
  app.request(`/set/${key}?ttl=${ttl}`, { method: "POST", body: value });

Deno.test("redis - cache_set stores in Redis with SET EX; cache_get reads it back", async () => {
  await withRedisApp(async (app, redis) => {
    const key = `${prefix()}greeting`;
    const stored = await set(app, key, "hello redis", 60);
    assert.equal(stored.text, `stored ${key} for 60s`);
    assert.equal(await redis.get(key), "hello redis", "the value is in Redis");
    const ttl = await redis.ttl(key);
    assert.ok(ttl > 50 && ttl <= 60, `TTL ${ttl}`);
    const read = await app.request(`/get/${key}`);
    assert.equal(read.status, 200);
    assert.equal(read.text, "hello redis");
    await redis.set(key, "written by someone else");
    assert.equal((await app.request(`/get/${key}`)).text, "written by someone else");
    await redis.del(key);
    assert.ok(app.runtime.announcements.some((a) => a === `redis: connected to ${REDIS_URL}`));
  });
});

Deno.test("redis - addresses as people write them: IP:port and [IPv6]:port", async () => {
  const { hostname, port } = new URL(REDIS_URL);
  // Redis listens on IPv4 only: an IPv6 loopback port in front of it.
  const proxy = tcpProxy({ hostname, port: Number(port) }, undefined, "::1");
  proxy.open();
  try {
    for (const address of [`${hostname}:${port}`, `[::1]:${proxy.port}`]) {
      await withRedisApp(async (app, redis) => {
        const key = `${prefix()}address`;
        assert.equal((await set(app, key, address, 60)).status, 200, address);
        assert.equal(await redis.get(key), address, "the value is in Redis");
        assert.equal((await app.request(`/get/${key}`)).text, address);
        await redis.del(key);
      }, address);
    }
  } finally {
    await proxy.close();
  }
});

Deno.test("redis - a TTL of 0 never expires; bytes survive the round trip", async () => {
  await withRedisApp(async (app, redis) => {
    const key = `${prefix()}forever`;
    const bytes = new Uint8Array([0, 255, 10, 13, 128, 65]);
    assert.equal((await set(app, key, bytes, 0)).status, 200);
    assert.equal(await redis.ttl(key), -1, "no expiry");
    const read = await fetch(`${app.url}/get/${key}`);
    assert.deepEqual(new Uint8Array(await read.arrayBuffer()), bytes);
    await redis.del(key);
  });
});

Deno.test("redis - a key expires after its TTL, then reads as Atmo's missing key", async () => {
  await withRedisApp(async (app) => {
    const key = `${prefix()}short`;
    await set(app, key, "soon gone", 1);
    assert.equal((await app.request(`/get/${key}`)).text, "soon gone");
    await new Promise((r) => setTimeout(r, 1100));
    const gone = await app.request(`/get/${key}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(JSON.parse(gone.text), {
      status: 404,
      message: "failed to client.Get: redis: nil",
    });
    const never = await app.request(`/get/${prefix()}never-set`);
    assert.equal(JSON.parse(never.text).message, "failed to client.Get: redis: nil");
  });
});

Deno.test("redis - /health reports the connection", async () => {
  await withRedisApp(async (app) => {
    const health = await app.request("/health");
    assert.equal(health.status, 200);
    const { since, ...check } = JSON.parse(health.text).checks.redis;
    assert.deepEqual(check, { healthy: true, state: "up", address: REDIS_URL });
    assert.ok(Date.parse(since) <= Date.now(), `up since ${since}`);
  });
});

Deno.test("redis - without connections.redis the in-memory cache is used", async () => {
  const app = await startApp(await dataApp({}));
  try {
    assert.ok(!app.runtime.plugins.includes("redis"));
    const key = `${prefix()}local`;
    await set(app, key, "in memory", 60);
    assert.equal((await app.request(`/get/${key}`)).text, "in memory");
    assert.equal(JSON.parse((await app.request(`/get/${key}x`)).text).message, "key not found");
  } finally {
    await app.stop();
  }
});
