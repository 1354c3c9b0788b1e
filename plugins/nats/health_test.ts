import assert from "node:assert/strict";
import { ConnectionHealth } from "./health.ts";

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));

Deno.test("ConnectionHealth - healthy only while connected, with the address and last error", () => {
  let clock = at(0);
  const health = new ConnectionHealth("nats://127.0.0.1:4222", () => clock);
  assert.deepEqual(health.report(), {
    healthy: false,
    detail: "connecting to nats://127.0.0.1:4222 since 2025-01-01T00:00:00.000Z",
  });
  health.set("connected");
  assert.deepEqual(health.report(), {
    healthy: true,
    detail: "connected to nats://127.0.0.1:4222",
  });
  clock = at(5);
  health.set("disconnected", new Error("connection reset"));
  assert.deepEqual(health.report(), {
    healthy: false,
    detail: "disconnected from nats://127.0.0.1:4222 since 2025-01-01T00:00:05.000Z; " +
      "last error: connection reset",
  });
  clock = at(9);
  health.failed("connection refused"); // a failed attempt: same state, same since
  assert.match(
    health.report().detail!,
    /since 2025-01-01T00:00:05.000Z; last error: connection refused/,
  );
  health.set("connected");
  assert.equal(health.report().healthy, true);
  health.set("closed");
  assert.match(health.report().detail!, /^connection closed to nats:\/\/127.0.0.1:4222 since .*09/);
  assert.equal(health.state, "closed");
});
