/**
 * End-to-end: request ids and the access log on examples/hello. Every response carries
 * `X-Request-Id` (the client's when it is fit to keep), every request is one access log line at
 * info (a 5xx at error), and the Runnable's own log lines carry the same request id.
 */

import assert from "node:assert/strict";
import { wat } from "../../scripts/build/wat.ts";
import { startApp } from "../support/app.ts";
import { helloApp } from "../support/hello_app.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("request ids and the access log", async (t) => {
  const app = await startApp(HELLO, { maxBodyBytes: 64 });
  const accessLines = (id: string) =>
    app.logs.filter((l) => l.msg === "request" && l.plugin === "http" && l.request_id === id);
  try {
    await t.step("every response has X-Request-Id, and one access line per request", async () => {
      const requests: [string, RequestInit, number][] = [
        ["/hello", { method: "POST", body: "x" }, 200],
        ["/planets/pluto", {}, 404], // a Runnable's error
        ["/nowhere", {}, 404], // no route
        ["/hello", {}, 405],
        ["/hello", { method: "POST", body: "x".repeat(65) }, 413],
        ["/health", {}, 200],
        ["/meta/metrics", {}, 200],
        ["/metrics", {}, 200],
      ];
      for (const [path, init, status] of requests) {
        const res = await app.request(path, init);
        assert.equal(res.status, status, path);
        const id = res.headers.get("x-request-id");
        assert.match(id ?? "", UUID, `${path}: X-Request-Id`);
        const lines = accessLines(id!);
        assert.equal(lines.length, 1, `${path}: one access line`);
        const [line] = lines;
        assert.equal(line.level, "info");
        assert.equal(line.method, init.method ?? "GET");
        assert.equal(line.path, path);
        assert.equal(line.status, status);
        assert.ok(typeof line.duration_ms === "number" && line.duration_ms >= 0);
      }
    });

    await t.step("a fit incoming X-Request-Id is kept; an unfit one is replaced", async () => {
      const kept = await app.request("/hello", {
        method: "POST",
        body: "x",
        headers: { "X-Request-Id": "order-7f3a/42" },
      });
      assert.equal(kept.headers.get("x-request-id"), "order-7f3a/42");
      assert.equal(accessLines("order-7f3a/42").length, 1);
      for (const unfit of ["x".repeat(129), "two words", "tab\tin"]) {
        const res = await app.request("/hello", {
          method: "POST",
          body: "x",
          headers: { "X-Request-Id": unfit },
        });
        assert.equal(res.status, 200);
        assert.match(res.headers.get("x-request-id") ?? "", UUID, JSON.stringify(unfit));
      }
    });

    await t.step("the Runnable's own log lines carry the request id of the response", async () => {
      const res = await app.request("/inspect/ada", {
        method: "POST",
        body: "{}",
        headers: { "X-Request-Id": "inspect-1" },
      });
      assert.equal(res.status, 200);
      const guest = app.logs.filter((l) => l.msg === "inspected POST /inspect/ada");
      assert.equal(guest.length, 1);
      assert.equal(guest[0].request_id, "inspect-1");
      assert.equal(accessLines("inspect-1").length, 1);
    });

    await t.step("a request carrying a traceparent logs its trace id", async () => {
      const res = await app.request("/hello", {
        method: "POST",
        body: "x",
        headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
      });
      const [line] = accessLines(res.headers.get("x-request-id")!);
      assert.equal(line.trace_id, "0af7651916cd43dd8448eb211c80319c");
    });
  } finally {
    await app.stop();
  }
});

/** A Runnable that traps at once. */
const TRAP = `(module
  (memory (export "memory") 1)
  (func (export "allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "deallocate") (param i32 i32))
  (func (export "run_e") (param i32 i32 i32) unreachable))`;

Deno.test("a 5xx is one access line at error, with the failure and the request id", async () => {
  const dir = await helloApp(
    `identifier: com.stratos.trap
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /trap
    method: POST
    steps:
      - fn: trap
`,
    [],
  );
  await Deno.writeFile(`${dir}/trap.wasm`, await wat(TRAP));
  const app = await startApp(dir);
  try {
    const res = await app.request("/trap", { method: "POST", headers: { "X-Request-Id": "t-1" } });
    assert.equal(res.status, 500);
    assert.equal(res.headers.get("x-request-id"), "t-1");
    const lines = app.logs.filter((l) => l.request_id === "t-1");
    const access = lines.filter((l) => l.msg === "request");
    assert.equal(access.length, 1);
    assert.equal(access[0].level, "error");
    assert.equal(access[0].status, 500);
    assert.match(JSON.stringify(access[0].error), /wasm execution error: trap/);
    // The runner's own line about the failed invocation carries the request id too.
    assert.ok(lines.some((l) => l.msg === "invocation failed"), "the runner's line has the id");
    assert.equal(lines.filter((l) => l.level === "info" && l.msg === "request failed").length, 0);
  } finally {
    await app.stop();
  }
});
