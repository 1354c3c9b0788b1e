/**
 * End-to-end: serves examples/hello over real HTTP and checks every route of its README.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { checkHelloRoutes } from "../support/hello_routes.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;

Deno.test("examples/hello over HTTP", async (t) => {
  const app = await startApp(HELLO);
  try {
    await checkHelloRoutes(t, app);

    await t.step("a body over the limit gets 413", async () => {
      const small = await startApp(HELLO, { maxBodyBytes: 8 });
      try {
        assert.equal(
          (await small.request("/hello", { method: "POST", body: "12345678" })).status,
          200,
        );
        const big = await small.request("/hello", { method: "POST", body: "123456789" });
        assert.equal(big.status, 413);
        const chunked = await small.request("/hello", {
          method: "POST",
          body: new Blob(["1234", "56789"]).stream(),
        });
        assert.equal(chunked.status, 413, "a streamed body without Content-Length is cut off too");
      } finally {
        await small.stop();
      }
    });
  } finally {
    await app.stop();
  }
});
