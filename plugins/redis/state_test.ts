import assert from "node:assert/strict";
import { RedisHealth } from "./state.ts";

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));

Deno.test("RedisHealth - healthy only while ready; otherwise since when and the last error", () => {
  let clock = at(0);
  const health = new RedisHealth("redis://127.0.0.1:6379", () => clock);
  assert.deepEqual(health.report(), {
    healthy: false,
    detail: "connecting to redis://127.0.0.1:6379 since 2025-01-01T00:00:00.000Z",
  });
  assert.equal(health.unavailable(), "redis unavailable (redis://127.0.0.1:6379): connecting");
  health.set("ready");
  assert.deepEqual(health.report(), {
    healthy: true,
    detail: "connected to redis://127.0.0.1:6379",
  });
  assert.equal(health.unavailable(), undefined);
  clock = at(4);
  health.failed(new Error("read ECONNRESET"));
  health.set("reconnecting");
  assert.deepEqual(health.report(), {
    healthy: false,
    detail: "reconnecting to redis://127.0.0.1:6379 since 2025-01-01T00:00:04.000Z; " +
      "last error: read ECONNRESET",
  });
  assert.equal(health.unavailable(), "redis unavailable (redis://127.0.0.1:6379): read ECONNRESET");
  health.set("ready");
  health.set("closed");
  assert.equal(
    health.unavailable(),
    "redis unavailable (redis://127.0.0.1:6379): connection closed",
  );
  assert.equal(health.state, "closed");
});
