/**
 * The crate's `req`, `resp` and `log` modules end to end on examples/rust: `inspect` reads every
 * request field type (meta, body, header, params, state, query), sets response headers and logs
 * at every level; `rewrite` uses every setter before `inspect` runs.
 */

import assert from "node:assert/strict";
import { startRustExample } from "./support.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

Deno.test("rust: req, resp and log", async (t) => {
  const app = await startRustExample();
  try {
    await t.step("inspect reads every field type and sets response headers", async () => {
      const body = '{"message":"hi there","n":1}';
      const response = await fetch(`${app.url}/inspect/mars?lang=en`, {
        method: "POST",
        body,
        headers: { "X-Greeting": "howdy" },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/json");
      assert.equal(response.headers.get("x-inspected-by"), "rust-inspect");
      const fields = await response.json();
      assert.match(fields.id, UUID);
      assert.deepEqual(fields, {
        method: "POST",
        url: "/inspect/mars?lang=en",
        id: fields.id,
        body,
        message: "hi there",
        greeting: "howdy",
        name: "mars",
        lang: "en",
        state: `hello ${body}`,
        stateBytes: 6 + body.length,
      });
      // The Runnable's own lines (the access log line of the request has no module).
      const lines = app.logs.filter((l) => l.request_id === fields.id && l.module);
      assert.deepEqual(lines.map((l) => [l.level, l.msg, l.module]), [
        ["debug", "reading the request fields", "com.stratos.rust#default::inspect@v0.1.0"],
        [
          "info",
          "inspected POST /inspect/mars?lang=en",
          "com.stratos.rust#default::inspect@v0.1.0",
        ],
      ]);
    });

    await t.step("missing fields and a body that is not JSON read as empty strings", async () => {
      const answer = await app.call("/inspect/x", { method: "POST", body: "not json" });
      const fields = JSON.parse(answer.body);
      assert.deepEqual({ ...fields, id: "-" }, {
        method: "POST",
        url: "/inspect/x",
        id: "-",
        body: "not json",
        message: "",
        greeting: "",
        name: "x",
        lang: "",
        state: "hello not json",
        stateBytes: 14,
      });
      const warned = app.logs.find((l) => l.request_id === fields.id && l.level === "warn");
      assert.equal(warned?.msg, "no X-Greeting header");
    });

    await t.step("rewrite uses every setter, and the next step sees the changes", async () => {
      // POST /rewrite runs hello (as greeting), rewrite, inspect.
      const answer = await app.call("/rewrite/mars?lang=en", {
        method: "POST",
        // Keys in Go's sorted order: the re-serialised body is the same either way.
        body: '{"body":"original","message":"hi"}',
        headers: { "X-Greeting": "howdy" },
      });
      assert.equal(answer.status, 200);
      const fields = JSON.parse(answer.body);
      assert.deepEqual({ ...fields, id: "-" }, {
        method: "PATCH",
        url: "/rewritten/mars?lang=en",
        id: "-",
        body: '{"body":"set by rewrite","message":"HI"}',
        message: "HI",
        greeting: "rewritten",
        name: "MARS",
        lang: "en",
        state: "hello from rewrite",
        stateBytes: 18,
      });
    });

    await t.step("log levels reach the log with the Runnable's module and request", async () => {
      const answer = await app.call("/fail/409");
      assert.equal(answer.status, 409);
      const error = app.logs.find((l) => l.level === "error" && l.msg === "failed with code 409");
      assert.equal(error?.module, "com.stratos.rust#default::fail@v0.1.0");
      assert.match(String(error?.request_id), UUID);
    });
  } finally {
    await app.close();
  }
});
