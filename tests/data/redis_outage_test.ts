/**
 * End-to-end: Redis going away, on a private redis-server (the shared one is never disturbed).
 * While it is down or frozen, cache calls fail fast with a clear message and `/health` says so;
 * once it is back, the connection is restored without a restart. A server that cannot be reached
 * at start fails start-up after the configured attempts, naming the address.
 */

import assert from "node:assert/strict";
import { freePort } from "../../bench/process.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { finished, stratos } from "../support/cli.ts";
import { dataApp } from "../support/data_app.ts";
import { startRedisServer } from "../support/redis_server.ts";

/** Reads a key and times it. */
async function timedGet(app: TestApp, key: string) {
  const started = performance.now();
  const res = await app.request(`/get/${key}`);
  return { status: res.status, body: res.text, ms: performance.now() - started };
}

/** Polls `/health` until the redis check is `healthy` (fails after 10 s). */
async function redisHealth(app: TestApp, healthy: boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (true) {
    const res = await app.request("/health");
    const check = JSON.parse(res.text).checks.redis;
    if (check.healthy === healthy) {
      assert.equal(res.status, healthy ? 200 : 503);
      return check.detail;
    }
    if (Date.now() > deadline) throw new Error(`redis never became healthy=${healthy}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("redis outage - calls fail fast while Redis is down, then it reconnects", async () => {
  const server = await startRedisServer();
  const app = await startApp(await dataApp({ redis: server.url }), { healthDetails: true });
  try {
    await app.request("/set/k?ttl=0", { method: "POST", body: "before" });
    assert.equal((await timedGet(app, "k")).body, "before");

    await server.kill();
    assert.match(
      await redisHealth(app, false),
      new RegExp(`^reconnecting to ${server.url} since `),
    );
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
    await redisHealth(app, true);
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
    server.freeze();
    const frozen = await timedGet(app, "k");
    assert.equal(JSON.parse(frozen.body).message, "failed to client.Get: Command timed out");
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
