import assert from "node:assert/strict";
import { type Redis, ReplyError } from "ioredis";
import { ConnectionHealth } from "../../plugin.ts";
import { MISSING_KEY_MESSAGE, redisCache } from "./cache_backend.ts";

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
  const health = new ConnectionHealth("redis://h:6379");
  health.up();
  const cache = redisCache(client, health, 1000);
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
  const health = new ConnectionHealth("redis://h:6379");
  health.down(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
  const cache = redisCache(client, health, 1000);
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

Deno.test("redisCache - the server's error replies are wrapped as Atmo wrapped them", async () => {
  const health = new ConnectionHealth("redis://h:6379");
  health.up();
  const client = {
    getBuffer: () => Promise.reject(new ReplyError("WRONGTYPE Operation against a key")),
    set: () => Promise.reject(new ReplyError("OOM command not allowed")),
  } as unknown as Redis;
  const cache = redisCache(client, health, 1000);
  await assert.rejects(
    Promise.resolve(cache.get("k")),
    /^Error: failed to client.Get: WRONGTYPE Operation against a key$/,
  );
  await assert.rejects(
    Promise.resolve(cache.set("k", new Uint8Array(), 1)),
    /^Error: failed to client.Set: OOM command not allowed$/,
  );
});

Deno.test("redisCache - every error of the client itself names Redis", async () => {
  const health = new ConnectionHealth("redis://h:6379");
  health.up();
  for (
    const [thrown, why] of [
      ["Command timed out", "no answer within 750 ms"],
      ["Stream isn't writeable and enableOfflineQueue options is false", "connection lost"],
      ["Reached the max retries per request limit (which is 0).", "connection lost"],
      ["Connection is closed.", "connection lost"],
      ["write EPIPE", "connection lost"],
    ]
  ) {
    const client = { getBuffer: () => Promise.reject(new Error(thrown)) } as unknown as Redis;
    await assert.rejects(
      Promise.resolve(redisCache(client, health, 750).get("k")),
      (error: Error) => {
        assert.equal(
          error.message,
          `failed to client.Get: redis unavailable (redis://h:6379): ${why}`,
          thrown,
        );
        return true;
      },
    );
  }
});

Deno.test("redisCache - a command cut by the connection going away names Redis", async () => {
  const health = new ConnectionHealth("redis://h:6379");
  health.up();
  const client = {
    getBuffer() {
      // ioredis fails the commands in flight, then emits "close" on the next tick.
      return Promise.reject(new Error("Reached the max retries per request limit (which is 0)."));
    },
    set() {
      health.down(new Error("read ECONNRESET"));
      return Promise.reject(new Error("Connection is closed."));
    },
  };
  const cache = redisCache(client as unknown as Redis, health, 1000);
  await assert.rejects(
    Promise.resolve(cache.get("k")),
    /^Error: failed to client.Get: redis unavailable \(redis:\/\/h:6379\): connection lost$/,
  );
  await assert.rejects(
    Promise.resolve(cache.set("k", new Uint8Array(), 1)),
    /^Error: failed to client.Set: redis unavailable \(redis:\/\/h:6379\): read ECONNRESET$/,
  );
});
