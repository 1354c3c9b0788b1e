import assert from "node:assert/strict";
import { ConnectionHealth } from "./health.ts";

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));

Deno.test("ConnectionHealth - healthy only while up; the state, since when and the last error", () => {
  let clock = at(0);
  const health = new ConnectionHealth("nats://127.0.0.1:4222", () => clock);
  assert.deepEqual(health.report(), {
    healthy: false,
    state: "connecting",
    since: "2025-01-01T00:00:00.000Z",
    address: "nats://127.0.0.1:4222",
  });
  clock = at(1);
  health.failed(new Error("connection refused")); // a failed first attempt: still connecting
  assert.equal(health.state, "connecting");
  assert.equal(health.report().lastError, "connection refused");
  health.up();
  assert.deepEqual(health.report(), {
    healthy: true,
    state: "up",
    since: "2025-01-01T00:00:01.000Z",
    address: "nats://127.0.0.1:4222",
  });
  clock = at(5);
  health.down(new Error("connection reset"));
  assert.deepEqual(health.report(), {
    healthy: false,
    state: "down",
    since: "2025-01-01T00:00:05.000Z",
    address: "nats://127.0.0.1:4222",
    lastError: "connection reset",
  });
  clock = at(9);
  health.down("connection refused"); // still down: same since, newer error
  assert.equal(health.report().since, "2025-01-01T00:00:05.000Z");
  assert.equal(health.lastError, "connection refused");
  health.down(); // no error given: the last one stays
  assert.equal(health.lastError, "connection refused");
  health.up();
  assert.equal(health.report().healthy, true);
  assert.equal(health.lastError, undefined, "forgotten once up");
  assert.deepEqual(health.since, at(9));
});

Deno.test("ConnectionHealth - closed for good: later events change nothing", () => {
  let clock = at(0);
  const health = new ConnectionHealth("redis://h:6379", () => clock);
  health.up();
  clock = at(3);
  health.close(new Error("gave up"));
  clock = at(4);
  health.up();
  health.down(new Error("late"));
  health.failed(new Error("later"));
  health.close();
  assert.deepEqual(health.report(), {
    healthy: false,
    state: "closed",
    since: "2025-01-01T00:00:03.000Z",
    address: "redis://h:6379",
    lastError: "gave up",
  });
});

Deno.test("ConnectionHealth - a note goes into the report as detail", () => {
  const health = new ConnectionHealth("postgresql://***@db:5432/app", () => at(0));
  health.up();
  assert.equal(
    health.report("1 query failed to prepare: q").detail,
    "1 query failed to prepare: q",
  );
  assert.equal("detail" in health.report(), false);
  assert.equal("detail" in health.report(undefined), false);
});

Deno.test("ConnectionHealth - settled once it leaves connecting, whichever way", async () => {
  const settledAfter = async (change: (h: ConnectionHealth) => void) => {
    const health = new ConnectionHealth("redis://h:6379", () => at(0));
    let settled = false;
    health.settled().then(() => settled = true);
    health.failed(new Error("refused")); // a failed attempt: still connecting
    await Promise.resolve();
    assert.equal(settled, false, "not while connecting");
    change(health);
    await health.settled();
    return health.state;
  };
  assert.equal(await settledAfter((h) => h.up()), "up");
  assert.equal(await settledAfter((h) => h.down()), "down");
  assert.equal(await settledAfter((h) => h.close()), "closed");
});
