import assert from "node:assert/strict";
import plugin, { SOURCE } from "./mod.ts";

Deno.test("the plugin is named as its manifest, which provides its source", async () => {
  const manifest = JSON.parse(await Deno.readTextFile(new URL("plugin.json", import.meta.url)));
  assert.equal(plugin.name, manifest.name);
  assert.deepEqual(manifest.provides.sources, [SOURCE]);
});
