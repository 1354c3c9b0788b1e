/**
 * `GET /health` tells any client whether the app is healthy, not where its services live or
 * what their drivers said: by default each check is only `healthy` true or false, with no
 * address and no error text, even while a connection is down; `--health-details` (or
 * `STRATOS_HEALTH_DETAILS=true`) shows the details. The app here uses the shared Redis (up) and
 * a PostgreSQL address on a closed port (down).
 */

import assert from "node:assert/strict";
import { freePort } from "../../bench/process.ts";
import { dataApp } from "../support/data_app.ts";
import { REDIS_URL } from "../support/databases.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";

const CLOSED_PORT = freePort();
const DATABASE_URL = `postgres://stratos:hunter2@127.0.0.1:${CLOSED_PORT}/stratos`;

function app(): Promise<string> {
  return dataApp({
    redis: REDIS_URL,
    database: { type: "postgresql", connectionString: DATABASE_URL },
    queries: [{ name: "one", query: "SELECT 1 AS one" }],
  });
}

/**
 * `/health` once the database check says it is not healthy and Redis is up (both open while the
 * app already serves).
 */
async function healthWhileDown(proc: StratosProcess): Promise<{ status: number; text: string }> {
  const deadline = performance.now() + 10_000;
  while (true) {
    const response = await fetch(`${proc.url}/health`);
    const text = await response.text();
    const { checks } = JSON.parse(text);
    if (checks.database.healthy === false && checks.redis.healthy) {
      return { status: response.status, text };
    }
    assert.ok(performance.now() < deadline, `the database check never went down: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test("health details - by default only healthy or not: no address, no driver error", async () => {
  const proc = await startStratos(await app());
  try {
    const { status, text } = await healthWhileDown(proc);
    assert.equal(status, 503);
    assert.deepEqual(JSON.parse(text), {
      healthy: false,
      checks: { redis: { healthy: true }, database: { healthy: false } },
    });
    const redisPort = new URL(REDIS_URL).port;
    for (const secret of ["127.0.0.1", String(CLOSED_PORT), redisPort, "ECONNREFUSED", "redis:"]) {
      assert.ok(!text.includes(secret), `/health shows '${secret}': ${text}`);
    }
  } finally {
    assert.equal(await proc.stop(), 0);
  }
});

for (
  const [how, env, args] of [
    ["--health-details", {}, ["--health-details"]],
    ["STRATOS_HEALTH_DETAILS=true", { STRATOS_HEALTH_DETAILS: "true" }, []],
  ] as const
) {
  Deno.test(`health details - ${how} shows each check's address and last error`, async () => {
    const proc = await startStratos(await app(), env, [...args]);
    try {
      const { status, text } = await healthWhileDown(proc);
      assert.equal(status, 503);
      const { checks } = JSON.parse(text);
      assert.deepEqual(
        { ...checks.redis, since: undefined },
        { healthy: true, state: "up", address: REDIS_URL, since: undefined },
      );
      assert.ok(!Number.isNaN(Date.parse(checks.redis.since)), "since when it is up");
      assert.equal(checks.database.healthy, false);
      assert.match(
        checks.database.address,
        new RegExp(`^postgresql://\\*\\*\\*@127\\.0\\.0\\.1:${CLOSED_PORT}/stratos$`),
      );
      assert.match(checks.database.lastError, /ECONNREFUSED/);
      assert.ok(!text.includes("hunter2"), "never the password");
    } finally {
      assert.equal(await proc.stop(), 0);
    }
  });
}
