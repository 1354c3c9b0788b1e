import assert from "node:assert/strict";
import {
  canonicalHeaderKey,
  decodeUrl,
  DEFAULT_CONTENT_TYPE,
  methodName,
  withDefaultContentType,
} from "./fetch_request.ts";

Deno.test("methodName - the ABI's enum; anything else is invalid", () => {
  const names = [0, 1, 2, 3, 4, 5, 6].map(methodName);
  assert.deepEqual(names, ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);
  for (const invalid of [-1, 7, 100, 1.5]) assert.equal(methodName(invalid), undefined);
});

Deno.test("decodeUrl - url::Name:value::Name2:value2", () => {
  assert.deepEqual(decodeUrl("https://example.com/x?y=1"), {
    url: "https://example.com/x?y=1",
    headers: [],
  });
  assert.deepEqual(decodeUrl("https://example.com/x::x-api-key:abc::accept:text/plain"), {
    url: "https://example.com/x",
    headers: [["X-Api-Key", "abc"], ["Accept", "text/plain"]],
  });
  assert.deepEqual(decodeUrl("http://h/::X-Empty:"), {
    url: "http://h/",
    headers: [["X-Empty", ""]],
  });
  assert.deepEqual(decodeUrl("http://h/::X-Space: padded"), {
    url: "http://h/",
    headers: [["X-Space", " padded"]],
  });
});

Deno.test("decodeUrl - a segment that is not exactly name:value is malformed (-2)", () => {
  for (
    const bad of [
      "http://h/::Authorization:bearer:x", // a ':' in the value
      "http://h/::novalue",
      "http://h/::",
      "http://h/::a:b::",
      "http://h/::::a:b",
    ]
  ) {
    assert.equal(decodeUrl(bad), undefined, bad);
  }
});

Deno.test("decodeUrl - the :: of an IPv6 literal belongs to the URL", () => {
  assert.deepEqual(decodeUrl("http://[::1]:8080/x"), { url: "http://[::1]:8080/x", headers: [] });
  assert.deepEqual(decodeUrl("http://[fe80::1]/::X-A:b"), {
    url: "http://[fe80::1]/",
    headers: [["X-A", "b"]],
  });
  assert.deepEqual(decodeUrl("http://user@[::1]/::X-A:b")?.url, "http://user@[::1]/");
});

Deno.test("canonicalHeaderKey - Go's canonical form; invalid names unchanged", () => {
  assert.equal(canonicalHeaderKey("content-type"), "Content-Type");
  assert.equal(canonicalHeaderKey("X-API-KEY"), "X-Api-Key");
  assert.equal(canonicalHeaderKey("etag"), "Etag");
  assert.equal(canonicalHeaderKey("bad name"), "bad name");
});

Deno.test("withDefaultContentType - only for a non-empty body without one", () => {
  const body = new Uint8Array([1]);
  assert.deepEqual(withDefaultContentType([], body), [["Content-Type", DEFAULT_CONTENT_TYPE]]);
  assert.deepEqual(withDefaultContentType([], new Uint8Array()), []);
  const given: [string, string][] = [["Content-Type", "application/json"]];
  assert.deepEqual(withDefaultContentType(given, body), given);
  const empty: [string, string][] = [["Content-Type", ""]];
  assert.deepEqual(withDefaultContentType(empty, body), [...empty, [
    "Content-Type",
    DEFAULT_CONTENT_TYPE,
  ]]);
});
