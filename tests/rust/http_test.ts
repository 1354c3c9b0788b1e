/**
 * The crate's `http` and `graphql` modules end to end on examples/rust, against local servers
 * that record what they receive (tests/outbound/support/servers.ts).
 *
 * `http::post`, `put` and `patch` drop their body before calling `fetch_url` (a use-after-free in
 * suborbital 0.15.1's `http::do_request`: the `Vec` is moved into a `match` arm and freed at its
 * end, the pointer kept). The allocator then writes its free-list links over the first 8 bytes
 * (24 for larger bodies) before the host reads them, on Atmo as here; the tests pin that down.
 */

import assert from "node:assert/strict";
import { type Received, startEchoServer, startGraphQLServer } from "../outbound/support/servers.ts";
import { RUST_EXAMPLE, startRustExample } from "./support.ts";

Deno.test("rust: http::get/head/options/post/put/patch/delete", async (t) => {
  const echo = startEchoServer();
  const app = await startRustExample();
  const target = encodeURIComponent(`${echo.url}/echo/planets?a=1`);
  const fetchVia = (method: string, body?: string, headers?: Record<string, string>) =>
    app.call(`/fetch/${method}?url=${target}`, { method: "POST", body, headers });
  /** What the echo server got, as the Runnable's request shaped it. */
  const sent = (method: string, headers: Record<string, string>, body = ""): Received => ({
    method,
    host: `127.0.0.1:${echo.port}`,
    path: "/echo/planets?a=1",
    headers: {
      connection: "close",
      host: `127.0.0.1:${echo.port}`,
      "user-agent": "Stratos",
      "x-stratos-example": "rust-fetch",
      ...headers,
    },
    body,
  });
  try {
    await t.step(
      "get, options and delete send the crate's headers; the body comes back",
      async () => {
        for (const method of ["get", "options", "delete"]) {
          const answer = await fetchVia(method, "ignored", { "Content-Type": "text/plain" });
          const expected = sent(method.toUpperCase(), { "content-type": "text/plain" });
          assert.equal(answer.status, 200);
          assert.equal(answer.type, "application/octet-stream");
          assert.deepEqual(JSON.parse(answer.body), expected);
          assert.deepEqual(echo.received.at(-1), expected);
        }
      },
    );

    await t.step("head answers an empty body", async () => {
      assert.deepEqual(await fetchVia("head"), {
        status: 200,
        type: "application/octet-stream",
        body: "",
      });
      assert.equal(echo.received.at(-1)?.method, "HEAD");
    });

    await t.step("post, put and patch send a body whose first bytes the crate freed", async () => {
      const small = "0123456789abcdefghij"; // 20 bytes: the first 8 are overwritten
      const large = "x".repeat(100) + "y".repeat(900); // 1000 bytes: the first 24 are
      for (const method of ["post", "put", "patch"]) {
        for (const [body, clobbered] of [[small, 8], [large, 24]] as const) {
          const answer = await fetchVia(method, body, { "Content-Type": "text/plain" });
          assert.equal(answer.status, 200);
          const got = echo.received.at(-1)!;
          assert.deepEqual({ ...got, body: "-" }, {
            ...sent(method.toUpperCase(), {
              "content-length": String(body.length),
              "content-type": "text/plain",
            }),
            body: "-",
          });
          assert.equal(got.body.length, body.length);
          assert.equal(got.body.slice(clobbered), body.slice(clobbered), "the rest arrives");
          assert.notEqual(got.body.slice(0, clobbered), body.slice(0, clobbered));
          assert.deepEqual(JSON.parse(answer.body), got, "the response body comes back whole");
        }
      }
    });

    await t.step("an empty body goes out without a Content-Type", async () => {
      await fetchVia("post");
      assert.deepEqual(echo.received.at(-1), sent("POST", { "content-length": "0" }));
    });

    await t.step("an upstream status over 299 is the host's error '<status>: <body>'", async () => {
      const failing = encodeURIComponent(`${echo.url}/status/503`);
      assert.deepEqual(await app.call(`/fetch/get?url=${failing}`, { method: "POST" }), {
        status: 502,
        type: "application/json",
        body: '{"status":502,"message":"503: failed; you sent no auth"}',
      });
    });

    await t.step("the app can fetch from itself (the README's example)", async () => {
      const self = (file: string) =>
        app.call(`/fetch/get?url=${encodeURIComponent(`${app.url}/file/${file}`)}`, {
          method: "POST",
        });
      assert.deepEqual(await self("planets.json"), {
        status: 200,
        type: "application/octet-stream",
        body: await Deno.readTextFile(`${RUST_EXAMPLE}static/planets.json`),
      });
      assert.deepEqual(await self("nope.txt"), {
        status: 502,
        type: "application/json",
        body: JSON.stringify({
          status: 502,
          message: '404: {"status":404,"message":"no static file nope.txt"}',
        }),
      });
    });

    await t.step("a header value with ':' is refused (-2 and no result)", async () => {
      assert.deepEqual(await fetchVia("get", undefined, { "Content-Type": "text/plain:x" }), {
        status: 502,
        type: "application/json",
        body: '{"status":502,"message":"unknown error returned from host"}',
      });
    });
  } finally {
    await app.close();
    await echo.close();
  }
});

Deno.test("rust: graphql::query", async (t) => {
  const server = startGraphQLServer();
  const app = await startRustExample();
  const query = (body: string, path = "/graphql") =>
    app.call(`/graphql?endpoint=${encodeURIComponent(server.url + path)}`, {
      method: "POST",
      body,
    });
  try {
    await t.step("a query answers the server's data as JSON", async () => {
      const source = '{ hello(name: "rust") user(id: "7") { id name tags } }';
      assert.deepEqual(await query(source), {
        status: 200,
        type: "application/json",
        body: '{"data":{"hello":"hello rust","user":{"id":"7","name":"user 7","tags":["b","a"]}}}',
      });
      const got = server.received.at(-1)!;
      assert.equal(got.headers["content-type"], "application/json");
      assert.equal(got.body, JSON.stringify({ query: source }));
    });

    await t.step("GraphQL errors are the host's error", async () => {
      assert.deepEqual(await query("{ fail }"), {
        status: 502,
        type: "application/json",
        body: '{"status":502,"message":"graphQL error; path: fail, message: failed for no auth"}',
      });
    });

    await t.step("a non-2xx answer is the host's error", async () => {
      assert.deepEqual(await query("{ hello }", "/status/503"), {
        status: 502,
        type: "application/json",
        body:
          '{"status":502,"message":"non-200 HTTP response code; upstream says no; you sent no auth"}',
      });
    });
  } finally {
    await app.close();
    await server.close();
  }
});
