import assert from "node:assert/strict";
import type { Handler } from "../../plugin.ts";
import { byTopic } from "./mod.ts";

const handler = (resource: string): Handler =>
  ({ type: "stream", source: "kafka", resource, steps: [] }) as unknown as Handler;

Deno.test("byTopic - the kafka stream handlers grouped by topic, in order", () => {
  const [a, b, c] = [handler("orders"), handler("orders"), handler("users")];
  const topics = byTopic([a, b, c]);
  assert.deepEqual([...topics.keys()], ["orders", "users"]);
  assert.deepEqual(topics.get("orders"), [a, b]);
  assert.equal(byTopic([]).size, 0);
});
