import assert from "node:assert/strict";
import { ConnectionHealth } from "./health.ts";

Deno.test("ConnectionHealth - connecting, connected, disconnected with the cause, reconnected", () => {
  const health = new ConnectionHealth("127.0.0.1:9092");
  assert.deepEqual(health.report(), { healthy: false, detail: "127.0.0.1:9092: connecting" });
  health.up();
  assert.deepEqual(health.report(), { healthy: true, detail: "127.0.0.1:9092: connected" });
  health.down(new Error("Connection refused"));
  assert.deepEqual(health.report(), {
    healthy: false,
    detail: "127.0.0.1:9092: disconnected (Connection refused)",
  });
  health.up();
  assert.equal(health.report().healthy, true);
});

Deno.test("ConnectionHealth - stays stopped", () => {
  const health = new ConnectionHealth("b:9092");
  health.stopped();
  health.up();
  health.down("late error");
  assert.equal(health.state, "stopped");
  assert.equal(health.report().healthy, false);
});
