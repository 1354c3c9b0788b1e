import assert from "node:assert/strict";
import { CoordinatedRequest } from "./request.ts";

const encoder = new TextEncoder();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function request(init: Partial<ConstructorParameters<typeof CoordinatedRequest>[0]> = {}) {
  return new CoordinatedRequest({ method: "GET", url: "/", ...init });
}

Deno.test("CoordinatedRequest - defaults: empty body, params, state, headers and resp headers", () => {
  const r = request({ method: "SCHED", url: "nightly" });
  assert.equal(r.method, "SCHED");
  assert.equal(r.url, "nightly");
  assert.equal(r.body.length, 0);
  assert.deepEqual(r.params, {});
  assert.equal(r.state.size, 0);
  assert.equal(r.headers.size, 0);
  assert.equal(r.respHeaders.size, 0);
});

Deno.test("CoordinatedRequest - the id is a UUID made on first read and then stable", () => {
  const r = request();
  const id = r.id;
  assert.match(id, UUID);
  assert.equal(r.id, id);
  assert.notEqual(request().id, id, "each request has its own id");
});

Deno.test("CoordinatedRequest - a given id is kept", () => {
  assert.equal(request({ id: "req-42" }).id, "req-42");
});

Deno.test("CoordinatedRequest - headers from a Headers object come with lower-cased names", () => {
  const r = request({
    headers: new Headers({ "Content-Type": "application/json", "X-Request-ID": "abc" }),
  });
  assert.deepEqual(
    [...r.headers].sort(),
    [["content-type", "application/json"], ["x-request-id", "abc"]],
  );
  assert.equal(r.headers, r.headers, "copied once");
  r.headers.set("X-Added", "by a Runnable");
  assert.equal(r.headers.get("X-Added"), "by a Runnable");
});

Deno.test("CoordinatedRequest - repeated headers keep their joined value", () => {
  const headers = new Headers();
  headers.append("Accept", "text/html");
  headers.append("Accept", "application/json");
  assert.equal(request({ headers }).headers.get("accept"), "text/html, application/json");
});

Deno.test("CoordinatedRequest - a Map of headers is used as given", () => {
  const headers = new Map([["X-Topic-Key", "k1"]]);
  const r = request({ method: "STREAM", headers });
  assert.equal(r.headers, headers);
  assert.equal(r.headers.get("X-Topic-Key"), "k1");
});

Deno.test("CoordinatedRequest - bodyJSON parses the body once and caches the value", () => {
  const r = request({ method: "POST", body: encoder.encode('{"name":"ada","n":[1,2]}') });
  const first = r.bodyJSON();
  assert.deepEqual(first, { name: "ada", n: [1, 2] });
  assert.equal(r.bodyJSON(), first, "the same object while the body is unchanged");
});

Deno.test("CoordinatedRequest - bodyJSON is recomputed after the body is replaced", () => {
  const r = request({ method: "POST", body: encoder.encode('{"v":1}') });
  assert.deepEqual(r.bodyJSON(), { v: 1 });
  r.body = encoder.encode('{"v":2}');
  assert.deepEqual(r.bodyJSON(), { v: 2 });
  r.body = encoder.encode("not json");
  assert.equal(r.bodyJSON(), undefined);
  r.body = encoder.encode("[true]");
  assert.deepEqual(r.bodyJSON(), [true]);
});

Deno.test("CoordinatedRequest - bodyJSON is undefined for invalid JSON and an empty body", () => {
  assert.equal(request({ body: encoder.encode("{oops") }).bodyJSON(), undefined);
  assert.equal(request().bodyJSON(), undefined);
  assert.equal(request({ body: encoder.encode("null") }).bodyJSON(), null);
});

Deno.test("CoordinatedRequest - queryParam reads the first value of a query parameter", () => {
  const r = request({ url: "/search?q=deno+wasm&tag=a&tag=b&empty=&enc=%C3%A9" });
  assert.equal(r.queryParam("q"), "deno wasm");
  assert.equal(r.queryParam("tag"), "a");
  assert.equal(r.queryParam("empty"), "");
  assert.equal(r.queryParam("enc"), "é");
  assert.equal(r.queryParam("missing"), "");
});

Deno.test("CoordinatedRequest - queryParam without a query is empty, and follows url changes", () => {
  const r = request({ url: "/plain" });
  assert.equal(r.queryParam("q"), "");
  r.url = "/plain?q=now";
  assert.equal(r.queryParam("q"), "now");
});

Deno.test("CoordinatedRequest - header() reads without copying, then sees Runnable changes", () => {
  const r = request({ headers: new Headers({ "X-Greeting": "hi" }) });
  assert.equal(r.header("x-greeting"), "hi");
  assert.equal(r.header("x-missing"), undefined);
  r.headers.set("x-greeting", "changed");
  assert.equal(r.header("x-greeting"), "changed");
});

Deno.test("CoordinatedRequest - query params follow URL changes", () => {
  const r = request({ url: "/a?x=1" });
  assert.equal(r.queryParam("x"), "1");
  r.url = "/a?x=2";
  assert.equal(r.queryParam("x"), "2");
});
