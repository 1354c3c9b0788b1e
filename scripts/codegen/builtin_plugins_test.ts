import assert from "node:assert/strict";
import { generate } from "./builtin_plugins.ts";

Deno.test("builtin_plugins.ts lists every plugin folder (regenerate it if this fails)", async () => {
  const committed = await Deno.readTextFile(new URL("../../builtin_plugins.ts", import.meta.url));
  assert.equal(committed, await generate());
});
