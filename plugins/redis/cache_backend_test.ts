import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import { MISSING_KEY_MESSAGE, redisCache } from "./cache_backend.ts";
import { RedisHealth } from "./state.ts";

/** A stand-in client that records calls. */
function fakeClient(stored: Map<string, Uint8Array>) {
  const calls: unknown[][] = [];
  const client = {
    getBuffer: (
      key: string,
    ) => (calls.push(["get", key]), Promise.resolve(stored.get(key) ?? null)),
    set: (...args: unknown[]) => (calls.push(["set", ...args]), Promise.resolve("OK")),
  };
  return { client: client as unknown as Redis, calls };
}

Deno.test("redisCache - GET, SET with EX only for a positive TTL, Atmo's missing key", async () => {
  const { client, calls } = fakeClient(new Map([["k", new Uint8Array([1, 2])]]));
  const health = new RedisHealth("redis://h:6379");
  health.set("ready");
  const cache = redisCache(client, health);
  assert.equal(cache.name, "redis");
  assert.equal(cache.missingKeyMessage, MISSING_KEY_MESSAGE);
  assert.equal(MISSING_KEY_MESSAGE, "failed to client.Get: redis: nil");
  assert.deepEqual(await cache.get("k"), new Uint8Array([1, 2]));
  assert.equal(await cache.get("missing"), undefined);
  await cache.set("a", new TextEncoder().encode("xy"), 30);
  await cache.set("b", new Uint8Array([9]), 0);
  await cache.set("c", new Uint8Array([9]), -5);
  assert.deepEqual(calls.map((c) => c.filter((x) => !(x instanceof Uint8Array))), [
    ["get", "k"],
    ["get", "missing"],
    ["set", "a", "EX", 30],
    ["set", "b"],
    ["set", "c"],
  ]);
  assert.equal(new TextDecoder().decode(calls[2][2] as Uint8Array), "xy");
});

Deno.test("redisCache - fails at once, without the client, while not connected", async () => {
  const { client, calls } = fakeClient(new Map());
  const health = new RedisHealth("redis://h:6379");
  health.failed(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
  health.set("reconnecting");
  const cache = redisCache(client, health);
  await assert.rejects(
    Promise.resolve(cache.get("k")),
    /^Error: failed to client.Get: redis unavailable \(redis:\/\/h:6379\): connect ECONNREFUSED/,
  );
  await assert.rejects(
    Promise.resolve(cache.set("k", new Uint8Array(), 0)),
    /failed to client.Set/,
  );
  assert.equal(calls.length, 0);
});

Deno.test("redisCache - a client error is wrapped as Atmo wrapped it", async () => {
  const health = new RedisHealth("redis://h:6379");
  health.set("ready");
  const client = {
    getBuffer: () => Promise.reject(new Error("Command timed out")),
    set: () => Promise.reject(new Error("OOM command not allowed")),
  } as unknown as Redis;
  const cache = redisCache(client, health);
  await assert.rejects(
    Promise.resolve(cache.get("k")),
    /^Error: failed to client.Get: Command timed out$/,
  );
  await assert.rejects(
    Promise.resolve(cache.set("k", new Uint8Array(), 1)),
    /^Error: failed to client.Set: OOM command not allowed$/,
  );
});

Deno.test("redisCache - a command cut by the connection going away names Redis", async () => {
  const health = new RedisHealth("redis://h:6379");
  health.set("ready");
  const client = {
    status: "ready",
    getBuffer() {
      // ioredis fails the commands in flight, then emits "close" on the next tick.
      client.status = "reconnecting";
      return Promise.reject(new Error("Reached the max retries per request limit (which is 0)."));
    },
    set() {
      health.failed(new Error("read ECONNRESET"));
      health.set("reconnecting");
      return Promise.reject(new Error("Connection is closed."));
    },
  };
  const cache = redisCache(client as unknown as Redis, health);
  await assert.rejects(
    Promise.resolve(cache.get("k")),
    /^Error: failed to client.Get: redis unavailable \(redis:\/\/h:6379\): connection lost$/,
  );
  client.status = "ready";
  await assert.rejects(
    Promise.resolve(cache.set("k", new Uint8Array(), 1)),
    /^Error: failed to client.Set: redis unavailable \(redis:\/\/h:6379\): read ECONNRESET$/,
  );
});
