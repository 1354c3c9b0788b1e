import assert from "node:assert/strict";
import { BodyTooLargeError, coordinatedRequest, readBody, requestTarget } from "./read_request.ts";

const encoder = new TextEncoder();
const URL_BASE = "http://localhost:8080";

/** A streamed (chunked) POST body made of `chunks`. */
function streamedRequest(chunks: Uint8Array[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request(`${URL_BASE}/upload`, { method: "POST", body, duplex: "half" } as RequestInit);
}

/** A POST whose body has a Content-Length, as Deno.serve hands it over. */
function sizedRequest(text: string): Request {
  const body = encoder.encode(text);
  return new Request(`${URL_BASE}/upload`, {
    method: "POST",
    body,
    headers: { "content-length": String(body.length) },
  });
}

async function assertTooLarge(promise: Promise<unknown>, limit: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof BodyTooLargeError, `expected BodyTooLargeError, got ${error}`);
    assert.equal(error.limit, limit);
    assert.equal(error.message, `request body exceeds the limit of ${limit} bytes`);
    return true;
  });
}

Deno.test("requestTarget - splits the path and query as Go's RequestURI", () => {
  assert.deepEqual(requestTarget(`${URL_BASE}/hello/world?name=ada&x=1`), {
    uri: "/hello/world?name=ada&x=1",
    path: "/hello/world",
  });
});

Deno.test("requestTarget - without a query the uri is the path", () => {
  assert.deepEqual(requestTarget("https://example.com/a/b%20c"), {
    uri: "/a/b%20c",
    path: "/a/b%20c",
  });
});

Deno.test("requestTarget - the root, with and without a query", () => {
  assert.deepEqual(requestTarget(`${URL_BASE}/`), { uri: "/", path: "/" });
  assert.deepEqual(requestTarget("http://example.com"), { uri: "/", path: "/" });
  assert.deepEqual(requestTarget(`${URL_BASE}/?q=1`), { uri: "/?q=1", path: "/" });
});

Deno.test("readBody - a Content-Length body within the limit is read whole", async () => {
  const body = await readBody(sizedRequest("hello world"), 11);
  assert.deepEqual(body, encoder.encode("hello world"));
});

Deno.test("readBody - a Content-Length body over the limit is refused before reading", async () => {
  const request = sizedRequest("hello world");
  await assertTooLarge(readBody(request, 10), 10);
  assert.equal(request.bodyUsed, false, "the body was not consumed");
});

Deno.test("readBody - a streamed body is concatenated from its chunks", async () => {
  const request = streamedRequest([
    encoder.encode("abc"),
    encoder.encode("de"),
    encoder.encode("f"),
  ]);
  assert.equal(request.headers.get("content-length"), null);
  assert.deepEqual(await readBody(request, 6), encoder.encode("abcdef"));
});

Deno.test("readBody - a streamed body over the limit is cut off", async () => {
  const chunk = new Uint8Array(100);
  await assertTooLarge(readBody(streamedRequest([chunk, chunk, chunk]), 250), 250);
});

Deno.test("readBody - a GET without a body reads as empty", async () => {
  const body = await readBody(new Request(`${URL_BASE}/`), 0);
  assert.ok(body instanceof Uint8Array);
  assert.equal(body.length, 0);
});

Deno.test("coordinatedRequest - copies method, uri, body and headers", () => {
  const request = new Request(`${URL_BASE}/users/7?full=1`, {
    method: "PUT",
    headers: { "X-Trace": "t-1" },
  });
  const body = encoder.encode("{}");
  const params = { id: "7" };
  const coordinated = coordinatedRequest(request, "/users/7?full=1", body, params);
  assert.equal(coordinated.method, "PUT");
  assert.equal(coordinated.url, "/users/7?full=1");
  assert.equal(coordinated.body, body);
  assert.equal(coordinated.headers.get("x-trace"), "t-1");
  assert.equal(coordinated.params, params, "params of the route are used as they are");
  assert.equal(coordinated.queryParam("full"), "1");
});

Deno.test("coordinatedRequest - frozen (shared) params are replaced by a fresh object", () => {
  const shared = Object.freeze({}) as Record<string, string>;
  const coordinated = coordinatedRequest(
    new Request(`${URL_BASE}/`),
    "/",
    new Uint8Array(),
    shared,
  );
  assert.notEqual(coordinated.params, shared);
  assert.equal(Object.isFrozen(coordinated.params), false);
  coordinated.params.set = "by a Runnable";
  assert.deepEqual(shared, {});
});

Deno.test("readBody - a GET without Content-Length is empty without reading a stream", async () => {
  const request = new Request("http://x/", { method: "GET" });
  assert.equal((await readBody(request, 10)).length, 0);
  assert.equal(request.bodyUsed, false);
});
