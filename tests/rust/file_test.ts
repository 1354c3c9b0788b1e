/**
 * The crate's `file::get_static` end to end on examples/rust: files of `static/`, the name
 * forms the host normalises, and a missing file (`None`).
 */

import assert from "node:assert/strict";
import { RUST_EXAMPLE, startRustExample } from "./support.ts";

Deno.test("rust: file::get_static", async (t) => {
  const app = await startRustExample();
  try {
    await t.step("a text file, with the Content-Type the Runnable sets", async () => {
      assert.deepEqual(await app.call("/file/hello.txt"), {
        status: 200,
        type: "text/plain; charset=utf-8",
        body: await Deno.readTextFile(`${RUST_EXAMPLE}static/hello.txt`),
      });
      assert.deepEqual(await app.call("/file/planets.json"), {
        status: 200,
        type: "application/json",
        body: await Deno.readTextFile(`${RUST_EXAMPLE}static/planets.json`),
      });
    });

    await t.step("a missing file is None, returned as a 404", async () => {
      assert.deepEqual(await app.call("/file/nope.txt"), {
        status: 404,
        type: "application/json",
        body: '{"status":404,"message":"no static file nope.txt"}',
      });
      assert.equal((await app.call("/file/../Directive.yaml")).status, 404);
    });
  } finally {
    await app.close();
  }
});
