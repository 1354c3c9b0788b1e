import assert from "node:assert/strict";
import { ConnectionHealth } from "../../plugin.ts";
import { unavailable } from "./unavailable.ts";

Deno.test("unavailable - nothing while up; otherwise the last error, naming the server", () => {
  const health = new ConnectionHealth("redis://127.0.0.1:6379");
  assert.equal(unavailable(health), "redis unavailable (redis://127.0.0.1:6379): connecting");
  health.up();
  assert.equal(unavailable(health), undefined);
  health.down(new Error("read ECONNRESET"));
  assert.equal(unavailable(health), "redis unavailable (redis://127.0.0.1:6379): read ECONNRESET");
  health.up();
  health.close();
  assert.equal(
    unavailable(health),
    "redis unavailable (redis://127.0.0.1:6379): connection closed",
  );
  assert.equal(health.state, "closed");
});
