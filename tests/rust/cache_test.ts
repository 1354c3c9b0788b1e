/**
 * The crate's `cache` module end to end on examples/rust (in-memory cache): set with and without
 * a TTL, get, a missing key, expiry, and binary values.
 */

import assert from "node:assert/strict";
import { startRustExample } from "./support.ts";

Deno.test("rust: cache::set and cache::get", async (t) => {
  const app = await startRustExample();
  try {
    await t.step("a value set is read back as is", async () => {
      assert.deepEqual(await app.call("/cache/planet", { method: "POST", body: "saturn" }), {
        status: 200,
        type: "application/octet-stream",
        body: "stored 6 bytes under planet for 0 s",
      });
      assert.deepEqual(await app.call("/cache/planet"), {
        status: 200,
        type: "application/octet-stream",
        body: "saturn",
      });
    });

    await t.step("a missing key is the host's error, returned as a 404", async () => {
      assert.deepEqual(await app.call("/cache/nothing-here"), {
        status: 404,
        type: "application/json",
        body: '{"status":404,"message":"key not found"}',
      });
    });

    await t.step("binary values keep every byte", async () => {
      const bytes = new Uint8Array(512).map((_, i) => (i * 7) & 0xff);
      await app.call("/cache/bytes", { method: "POST", body: bytes });
      const response = await fetch(`${app.url}/cache/bytes`);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), bytes);
    });

    await t.step("a value expires after its TTL", async () => {
      assert.equal(
        (await app.call("/cache/brief?ttl=1", { method: "POST", body: "soon gone" })).body,
        "stored 9 bytes under brief for 1 s",
      );
      assert.equal((await app.call("/cache/brief")).body, "soon gone");
      await new Promise((resolve) => setTimeout(resolve, 1200));
      assert.equal((await app.call("/cache/brief")).status, 404);
    });
  } finally {
    await app.close();
  }
});
