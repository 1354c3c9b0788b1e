import assert from "node:assert/strict";
import type { SequenceOutcome } from "../../plugin.ts";
import { errorResponse, outcomeResponse } from "./respond.ts";

const encoder = new TextEncoder();

function succeeded(text: string): SequenceOutcome {
  return { status: 200, body: encoder.encode(text), failed: false };
}

function failedWith(status: number, message: string): SequenceOutcome {
  return {
    status,
    body: encoder.encode(JSON.stringify({ status, message })),
    failed: true,
    error: { code: status, message },
  };
}

Deno.test("outcomeResponse - a success without headers is 200 octet-stream with the result", async () => {
  const response = outcomeResponse(succeeded("hello"), new Map());
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/octet-stream");
  assert.equal(await response.text(), "hello");
});

Deno.test("outcomeResponse - Runnable headers are sent, Content-Type included", async () => {
  const response = outcomeResponse(
    succeeded("{}"),
    new Map([["Content-Type", "application/json"], ["X-Custom", "yes"]]),
  );
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("x-custom"), "yes");
  assert.equal(await response.text(), "{}");
});

Deno.test("outcomeResponse - header names are case-insensitive and the last value wins", async () => {
  const response = outcomeResponse(
    succeeded(""),
    new Map([["X-Color", "red"], ["x-color", "green"], ["X-COLOR", "blue"]]),
  );
  assert.equal(response.headers.get("x-color"), "blue");
  assert.equal([...response.headers.keys()].filter((k) => k === "x-color").length, 1);
  await response.body?.cancel();
});

Deno.test("outcomeResponse - names and values HTTP cannot carry are dropped", async () => {
  const response = outcomeResponse(
    succeeded("ok"),
    new Map([
      ["bad name", "v"],
      ["x:colon", "v"],
      ["", "v"],
      ["x-newline", "a\r\nx-injected: 1"],
      ["x-nul", "a\0b"],
      ["x-good", "kept"],
    ]),
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-good"), "kept");
  assert.equal(response.headers.get("x-newline"), null);
  assert.equal(response.headers.get("x-injected"), null);
  assert.equal(response.headers.get("x-nul"), null);
  assert.deepEqual([...response.headers.keys()].sort(), ["content-type", "x-good"]);
  assert.equal(await response.text(), "ok");
});

Deno.test("outcomeResponse - extra headers are added to a success", async () => {
  const response = outcomeResponse(succeeded("x"), new Map(), { "X-Atmo-Requestid": "r-1" });
  assert.equal(response.headers.get("x-atmo-requestid"), "r-1");
  assert.equal(response.headers.get("content-type"), "application/octet-stream");
  await response.body?.cancel();
});

Deno.test("outcomeResponse - a failure is its JSON with its status, without Runnable headers", async () => {
  const response = outcomeResponse(
    failedWith(404, "no such user"),
    new Map([["X-Custom", "yes"], ["Content-Type", "text/plain"]]),
    { "X-Atmo-Requestid": "r-2" },
  );
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("x-custom"), null);
  assert.equal(response.headers.get("x-atmo-requestid"), "r-2");
  assert.deepEqual(await response.json(), { status: 404, message: "no such user" });
});

Deno.test("errorResponse - a JSON body with status and message", async () => {
  const response = errorResponse(413, "request body exceeds the limit of 10 bytes");
  assert.equal(response.status, 413);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    status: 413,
    message: "request body exceeds the limit of 10 bytes",
  });
});

Deno.test("errorResponse - extra headers are kept but cannot change the content type", async () => {
  const response = errorResponse(405, "method not allowed", {
    allow: "GET, POST",
    "content-type": "text/html",
  });
  assert.equal(response.headers.get("allow"), "GET, POST");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal((await response.json()).status, 405);
});

Deno.test("outcomeResponse - a header value outside Latin-1 is dropped, not a crash", async () => {
  const response = outcomeResponse(
    { status: 200, body: new TextEncoder().encode("ok"), failed: false },
    new Map([["x-name", "日本"], ["x-good", "kept"]]),
  );
  assert.equal(response.headers.get("x-good"), "kept");
  assert.equal(response.headers.get("x-name"), null);
  assert.equal(await response.text(), "ok");
});
