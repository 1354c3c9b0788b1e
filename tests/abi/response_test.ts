import assert from "node:assert/strict";
import { exec, Guest, Harness, type HarnessOptions } from "./harness.ts";

async function setHeaders(pairs: [string, string][], options?: HarnessOptions) {
  const h = new Harness(options);
  const g = new Guest();
  return await h.run(g.run(...pairs.map(([k, v]) => exec("resp_set_header", g.str(k), g.str(v)))));
}

Deno.test("resp_set_header - headers land in the invocation's respHeaders", async () => {
  const result = await setHeaders([["Content-Type", "text/plain"], ["X-Trace", "a b ✓"]]);
  assert.deepEqual([...result.respHeaders], [["Content-Type", "text/plain"], ["X-Trace", "a b ✓"]]);
  assert.equal(result.output, undefined);
});

Deno.test("resp_set_header - a later value for the same key replaces the earlier one", async () => {
  const result = await setHeaders([["X-A", "1"], ["X-A", "2"]]);
  assert.deepEqual([...result.respHeaders], [["X-A", "2"]]);
});

Deno.test("resp_set_header - headers do not leak into the next invocation", async () => {
  const h = new Harness();
  const g = new Guest();
  const mod = await h.load(g.run(exec("resp_set_header", g.str("X-Once"), g.str("1"))));
  const first = await h.invoke(mod);
  const second = await h.invoke(mod);
  assert.notEqual(first.respHeaders, second.respHeaders);
  assert.deepEqual([...second.respHeaders], [["X-Once", "1"]]);
});

Deno.test("resp_set_header - ignored when requestHandler.allowSetField is false", async () => {
  const result = await setHeaders([["X-A", "1"]], {
    configure: (caps) => caps.requestHandler.allowSetField = false,
  });
  assert.equal(result.failure, undefined);
  assert.equal(result.respHeaders.size, 0);
});

Deno.test("resp_set_header - ignored when requestHandler.enabled is false", async () => {
  const result = await setHeaders([["X-A", "1"]], {
    configure: (caps) => caps.requestHandler.enabled = false,
  });
  assert.equal(result.respHeaders.size, 0);
});
