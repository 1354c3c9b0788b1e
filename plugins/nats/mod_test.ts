import assert from "node:assert/strict";
import type { Handler } from "../../plugin.ts";
import plugin, { natsHandlers } from "./mod.ts";

Deno.test("natsHandlers - only stream handlers whose source is nats", () => {
  const steps = [{ fn: "hello", fqfn: "x" }];
  const handlers: Handler[] = [
    { type: "request", method: "POST", resource: "/hello", steps },
    { type: "stream", resource: "/ws", steps },
    { type: "stream", source: "kafka", resource: "topic", steps },
    { type: "stream", source: "nats", resource: "subject", steps },
  ];
  assert.deepEqual(natsHandlers(handlers).map((h) => h.resource), ["subject"]);
  assert.deepEqual(natsHandlers(undefined), []);
  assert.equal(plugin.name, "nats");
});
