import assert from "node:assert/strict";
import { checkPlugins } from "./plugins.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("accepts paths and {path, config} objects", () => {
  const { raw, context, report } = decodeFixture(
    "plugins:\n  - ./plugins/metrics\n  - path: https://example.com/p/mod.ts\n    config:\n      level: 2\n",
  );
  assert.deepEqual(checkPlugins(raw.plugins, context), [
    "./plugins/metrics",
    { path: "https://example.com/p/mod.ts", config: { level: 2 } },
  ]);
  assert.deepEqual(lines(report), []);
});

Deno.test("reports plugins without a path or with a config that is not a map", () => {
  const { raw, context, report } = decodeFixture(
    "plugins:\n  - ''\n  - config: {}\n  - path: p\n    config: [1]\n  - 5\n",
  );
  assert.deepEqual(checkPlugins(raw.plugins, context), ["5"]);
  assert.deepEqual(lines(report), [
    "2:5: plugin at position 0 has no path",
    "3:5: plugin at position 1 has no path",
    "5:13: plugin at position 2 has a config that is not a map",
  ]);
});
