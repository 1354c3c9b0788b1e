import assert from "node:assert/strict";
import plugin from "./mod.ts";

Deno.test("nats - the plugin is named as its manifest", async () => {
  const manifest = JSON.parse(await Deno.readTextFile(new URL("plugin.json", import.meta.url)));
  assert.equal(plugin.name, manifest.name);
});
