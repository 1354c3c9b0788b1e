/**
 * End-to-end: Redis going away, on a private redis-server (the shared one is never disturbed).
 * While it is down or frozen, cache calls fail fast with a clear message and `/health` says so;
 * once it is back, the connection is restored without a restart. A server that cannot be reached
 * at start fails start-up after the configured attempts, naming the address. Every error a cache
 * call gets from the client during an outage names Redis, whatever moment of the outage it falls
 * in (each moment is brought about exactly, not waited for).
 */

import assert from "node:assert/strict";
import type { Socket } from "node:net";
import { freePort } from "../../bench/process.ts";
import { ConnectionHealth, createLogger } from "../../plugin.ts";
import { parseRedisAddress } from "../../plugins/redis/address.ts";
import { redisCache } from "../../plugins/redis/cache_backend.ts";
import { redisLink } from "../../plugins/redis/connection.ts";
import { readRedisSettings } from "../../plugins/redis/settings.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { finished, stratos } from "../support/cli.ts";
import { dataApp } from "../support/data_app.ts";
import { checkBecomes } from "../support/health.ts";
import { startRedisServer } from "../support/redis_server.ts";

/** Reads a key and times it. */
async function timedGet(app: TestApp, key: string) {
  const started = performance.now();
  const res = await app.request(`/get/${key}`);
  return { status: res.status, body: res.text, ms: performance.now() - started };
}

Deno.test("redis outage - calls fail fast while Redis is down, then it reconnects", async () => {
  const server = await startRedisServer();
  const app = await startApp(await dataApp({ redis: server.url }), { healthDetails: true });
  try {
    await app.request("/set/k?ttl=0", { method: "POST", body: "before" });
    assert.equal((await timedGet(app, "k")).body, "before");

    await server.kill();
    const check = await checkBecomes(app, "redis", false);
    assert.deepEqual([check.state, check.address], ["down", server.url]);
    assert.ok(Date.now() - Date.parse(check.since) < 10_000, `down since ${check.since}`);
    const down = await timedGet(app, "k");
    assert.equal(down.status, 404);
    assert.match(
      JSON.parse(down.body).message,
      new RegExp(`^failed to client\\.Get: redis unavailable \\(${server.url}\\): `),
    );
    assert.ok(down.ms < 500, `failed fast (${down.ms} ms)`);
    const started = performance.now();
    const refused = await app.request("/set/k?ttl=0", { method: "POST", body: "during" });
    assert.equal(refused.status, 500);
    assert.equal(JSON.parse(refused.text).message, "cache set failed");
    assert.ok(performance.now() - started < 500, "cache_set failed fast");
    assert.ok(app.logs.some((l) => l.msg === "disconnected from Redis, reconnecting"));

    await server.restart();
    await checkBecomes(app, "redis", true);
    await app.request("/set/k?ttl=0", { method: "POST", body: "after" });
    assert.equal((await timedGet(app, "k")).body, "after");
    assert.ok(app.logs.some((l) => l.msg === "reconnected to Redis"));
  } finally {
    await app.stop();
    await server.stop();
  }
});

Deno.test("redis outage - a frozen server makes calls time out instead of hanging", async () => {
  const server = await startRedisServer();
  const app = await startApp(await dataApp({ redis: server.url }), { healthDetails: true });
  try {
    await app.request("/set/k?ttl=0", { method: "POST", body: "v" });
    await server.freeze();
    const frozen = await timedGet(app, "k");
    assert.equal(
      JSON.parse(frozen.body).message,
      `failed to client.Get: redis unavailable (${server.url}): no answer within 1000 ms`,
    );
    assert.ok(frozen.ms >= 900 && frozen.ms < 3000, `timed out after ~1 s (${frozen.ms} ms)`);
    server.thaw();
    assert.equal((await timedGet(app, "k")).body, "v");
  } finally {
    server.thaw();
    await app.stop();
    await server.stop();
  }
});

Deno.test("redis outage - unreachable at start: start-up fails, naming the address", async () => {
  const port = freePort();
  const dir = await dataApp({ redis: `redis://127.0.0.1:${port}` });
  const started = performance.now();
  const result = await finished(stratos(["start", dir, "--port", "0"], {
    STRATOS_REDIS_CONNECT_ATTEMPTS: "3",
    STRATOS_REDIS_CONNECT_RETRY_MS: "50",
  }));
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(
      `error\\[STRATOS_ERR_REDIS_CONNECT\\]: cannot connect to Redis at redis://127\\.0\\.0\\.1:${port} ` +
        `after 3 attempts: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}`,
    ),
  );
  assert.equal(
    result.stdout.split("\n").filter((l) => l.includes("cannot connect to Redis, retrying")).length,
    2,
    "one warning per retry",
  );
  assert.ok(performance.now() - started < 15_000);
});

Deno.test("redis outage - every client error names Redis, at every moment of an outage", async () => {
  const server = await startRedisServer();
  const address = parseRedisAddress({ serverAddress: server.url });
  const settings = readRedisSettings({ commandTimeoutMs: 300 }, () => undefined);
  const health = new ConnectionHealth(address.display);
  const link = redisLink(address, settings, health, createLogger({ level: "off" }));
  const cache = redisCache(link.client, health, settings.commandTimeoutMs);
  const named = new RegExp(
    `^failed to client\\.(Get|Set): redis unavailable \\(${server.url}\\): `,
  );
  /** The message `call` fails with, which must name Redis. */
  const failure = async (moment: string, call: unknown) => {
    const error = await Promise.resolve(call).then(
      () => assert.fail(`${moment}: the call succeeded`),
      (e) => e,
    );
    assert.match(error.message, named, moment);
    return error.message as string;
  };
  const socket = () => (link.client as unknown as { stream: Socket }).stream;
  try {
    await link.connect();
    await cache.set("k", new Uint8Array([1]), 0);
    // Not an outage: the server's own error reply is passed on as it is, as in Atmo.
    await link.client.rpush("list", "a");
    await assert.rejects(
      Promise.resolve(cache.get("list")),
      /^Error: failed to client\.Get: WRONGTYPE Operation against a key holding the wrong kind/,
    );

    // The socket is gone but the client has not processed it: its status is still "ready".
    socket().destroy();
    assert.equal(link.client.status, "ready");
    assert.match(await failure("socket gone", cache.get("k")), /: connection lost$/);
    await waitFor(() => link.client.status === "ready", "reconnected");

    // The client has processed the close (status "reconnecting") but not yet told anyone.
    const closed = Promise.withResolvers<{ call: unknown; status: string; state: string }>();
    socket().once("close", () => {
      const call = cache.set("k", new Uint8Array([2]), 0);
      closed.resolve({ call, status: link.client.status, state: health.state });
    });
    socket().destroy();
    const { call, status, state } = await closed.promise;
    assert.deepEqual([status, state], ["reconnecting", "up"]);
    assert.match(await failure("closed, not yet reported", call), /: connection lost$/);
    await waitFor(() => link.client.status === "ready", "reconnected");

    // A command in flight when the server dies.
    await server.freeze();
    const inFlight = failure("in flight", cache.get("k"));
    await server.kill();
    assert.match(await inFlight, /: connection lost$/);

    // While the client is reconnecting, and known to be.
    await waitFor(() => health.state === "down", "reconnecting");
    await failure("reconnecting", cache.get("k"));

    // A server that stops answering.
    await server.restart();
    await waitFor(() => health.state === "up", "ready again");
    await server.freeze();
    assert.match(await failure("frozen", cache.get("k")), /: no answer within 300 ms$/);
    server.thaw();
    assert.deepEqual(await cache.get("k"), undefined, "a fresh server has no key");

    // After the plugin stopped.
    await link.close(100);
    assert.match(await failure("closed", cache.get("k")), /: connection closed$/);
  } finally {
    server.thaw();
    await link.close(100);
    await server.stop();
  }
});

/** Waits until `done()` holds, checking every 10 ms (fails after 10 s, saying `what`). */
async function waitFor(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`never ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
