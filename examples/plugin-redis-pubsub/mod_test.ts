import assert from "node:assert/strict";
import type { Handler } from "@stratos/runtime/plugin";
import plugin, { pubSubHandlers, SOURCE } from "./mod.ts";

Deno.test("the plugin serves the stream handlers of its source, and is named as its manifest", async () => {
  const stream = (source: string): Handler => ({
    type: "stream",
    source,
    resource: "c",
    steps: [{ fn: "f", fqfn: "com.x#default::f@v1" }],
  });
  assert.deepEqual(pubSubHandlers([stream("redis-pubsub"), stream("nats")]), [
    stream("redis-pubsub"),
  ]);
  assert.deepEqual(pubSubHandlers(undefined), []);
  const manifest = JSON.parse(await Deno.readTextFile(new URL("plugin.json", import.meta.url)));
  assert.equal(plugin.name, manifest.name);
  assert.deepEqual(manifest.provides.sources, [SOURCE]);
});
