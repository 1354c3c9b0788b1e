import assert from "node:assert/strict";
import type { Handler } from "../../plugin.ts";
import { kafkaHandlers } from "./mod.ts";

const handler = (source: string, resource: string, type = "stream"): Handler =>
  ({ type, source, resource, steps: [] }) as unknown as Handler;

Deno.test("kafkaHandlers - kafka streams grouped by topic; others ignored", () => {
  const a = handler("kafka", "orders");
  const b = handler("kafka", "orders");
  const c = handler("kafka", "users");
  const byTopic = kafkaHandlers([a, handler("nats", "orders"), b, c, handler("", "/ws")]);
  assert.deepEqual([...byTopic.keys()], ["orders", "users"]);
  assert.deepEqual(byTopic.get("orders"), [a, b]);
  assert.equal(kafkaHandlers(undefined).size, 0);
});
