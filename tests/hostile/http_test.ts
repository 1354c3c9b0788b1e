/**
 * Malformed and hostile HTTP against examples/hello: huge headers, huge bodies, invalid UTF-8
 * and JSON in body fields, and path traversal in static file names. Each gets a clear error,
 * never a crash, and the server keeps serving.
 */

import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;

/** Sends raw bytes on a new connection and returns the status line (or "closed"). */
async function raw(app: TestApp, request: string): Promise<string> {
  const { port } = new URL(app.url);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(request));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    return n === null ? "closed" : new TextDecoder().decode(buf.subarray(0, n)).split("\r\n")[0];
  } catch {
    return "closed";
  } finally {
    conn.close();
  }
}

async function stillServing(app: TestApp): Promise<void> {
  const res = await app.request("/hello", { method: "POST", body: "ok" });
  assert.equal(res.text, "hello ok");
}

Deno.test("hostile HTTP - oversized headers, bodies, bad encodings and traversal", async (t) => {
  const app = await startApp(HELLO, { maxBodyBytes: 1024 * 1024 });
  try {
    await t.step("a 1 MiB header is refused without harm", async () => {
      const status = await raw(
        app,
        `POST /hello HTTP/1.1\r\nHost: x\r\nX-Big: ${
          "a".repeat(1 << 20)
        }\r\nContent-Length: 2\r\n\r\nhi`,
      );
      assert.ok(status === "closed" || /^HTTP\/1.1 4\d\d/.test(status), status);
      await stillServing(app);
    });

    await t.step("a body past the limit gets 413, declared or streamed", async () => {
      const declared = await app.request("/hello", {
        method: "POST",
        body: new Uint8Array(2 << 20),
      });
      assert.equal(declared.status, 413);
      const lying = await raw(
        app,
        "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nhi",
      );
      assert.match(lying, /^HTTP\/1.1 (413|400)/);
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(64 * 1024));
          controller.close();
        },
      });
      const streamed = await app.request("/hello", { method: "POST", body: chunks });
      assert.equal(streamed.status, 413);
      await stillServing(app);
    });

    await t.step(
      "invalid JSON and invalid UTF-8 in body fields give the Runnable an error",
      async () => {
        // inspect reads body field `message`; the SDK turns the host's error into "".
        const message = async (body: BodyInit) => {
          const res = await app.request("/inspect/ada", { method: "POST", body });
          assert.equal(res.status, 200);
          return JSON.parse(res.text).message;
        };
        assert.equal(await message("{not json"), "");
        assert.equal(await message('{"message": 42}'), "", "a non-string field is an error");
        const invalidUtf8 = new Uint8Array([
          ...new TextEncoder().encode('{"message":"'),
          0xff,
          0xfe,
          ...new TextEncoder().encode('"}'),
        ]);
        assert.equal(await message(invalidUtf8), "\ufffd\ufffd", "invalid bytes decode to U+FFFD");
        await stillServing(app);
      },
    );

    await t.step("path traversal never reaches outside static/", async () => {
      for (
        const name of [
          "..%2fDirective.yaml",
          "%2e%2e/Directive.yaml",
          "..%2f..%2f..%2fetc%2fpasswd",
          "....//Directive.yaml",
          "static/../Directive.yaml",
          "%2fetc%2fpasswd",
          "..%5cDirective.yaml",
          "hello.txt%00.png",
        ]
      ) {
        const res = await app.request(`/file/${name}`);
        assert.equal(res.status, 404, name);
        assert.doesNotMatch(res.text, /identifier|root:/, name);
      }
      const good = await app.request("/file/hello.txt");
      assert.equal(good.status, 200);
    });

    await t.step("a malformed request line or URL is refused and the server lives on", async () => {
      assert.match(await raw(app, "GARBAGE\r\n\r\n"), /^(HTTP\/1.1 4\d\d|closed)/);
      assert.equal((await app.request("/file/%E0%A4%A")).status, 400);
      await stillServing(app);
    });
  } finally {
    await app.stop();
  }
});
