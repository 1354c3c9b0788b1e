import assert from "node:assert/strict";
import { RouteConflictError } from "./route_conflict_error.ts";
import { Router } from "./router.ts";

Deno.test("matches per method with params", () => {
  const router = new Router<number>();
  router.add("GET", "/users/:id", 1);
  router.add("POST", "/users/:id", 2);
  router.add("GET", "/file/*path", 3);
  assert.deepEqual(router.match("GET", "/users/7"), {
    kind: "found",
    value: 1,
    params: { id: "7" },
  });
  assert.deepEqual(router.match("POST", "/users/7"), {
    kind: "found",
    value: 2,
    params: { id: "7" },
  });
  assert.deepEqual(router.match("GET", "/file/a/b.txt"), {
    kind: "found",
    value: 3,
    params: { path: "/a/b.txt" },
  });
});

Deno.test("a catch-all at the root matches every path, the value keeping its slash", () => {
  const router = new Router<string>();
  router.add("GET", "/*filepath", "files");
  assert.deepEqual(router.match("GET", "/"), {
    kind: "found",
    value: "files",
    params: { filepath: "/" },
  });
  assert.deepEqual(router.match("GET", "/a/b.css"), {
    kind: "found",
    value: "files",
    params: { filepath: "/a/b.css" },
  });
});

Deno.test("answers 405 with httprouter's sorted allow list", () => {
  const router = new Router<string>();
  router.add("PUT", "/x", "put");
  router.add("GET", "/x", "get");
  router.add("OPTIONS", "/x", "options");
  router.add("DELETE", "/y", "delete");
  assert.deepEqual(router.match("POST", "/x"), {
    kind: "method-not-allowed",
    allow: ["GET", "OPTIONS", "PUT"],
  });
  assert.deepEqual(router.match("OPTIONS", "/y"), {
    kind: "method-not-allowed",
    allow: ["DELETE", "OPTIONS"],
  });
  assert.deepEqual(router.match("POST", "/z"), { kind: "not-found" });
});

Deno.test("HEAD is not mapped to GET", () => {
  const router = new Router<string>();
  router.add("GET", "/x", "get");
  assert.deepEqual(router.match("HEAD", "/x"), {
    kind: "method-not-allowed",
    allow: ["GET", "OPTIONS"],
  });
});

Deno.test("redirects to the path with or without a trailing slash", () => {
  const router = new Router<string>();
  router.add("GET", "/foo/", "foo");
  router.add("POST", "/bar", "bar");
  router.add("GET", "/u/:id", "user");
  assert.deepEqual(router.match("GET", "/foo"), { kind: "redirect", location: "/foo/" });
  assert.deepEqual(router.match("POST", "/bar/"), { kind: "redirect", location: "/bar" });
  assert.deepEqual(router.match("GET", "/u/1/"), { kind: "redirect", location: "/u/1" });
  assert.deepEqual(router.match("CONNECT", "/foo"), { kind: "not-found" });
});

Deno.test("a redirect wins over 405, as in httprouter", () => {
  const router = new Router<string>();
  router.add("GET", "/a/", "a");
  router.add("POST", "/a", "post");
  assert.deepEqual(router.match("GET", "/a"), { kind: "redirect", location: "/a/" });
});

Deno.test("the root path never redirects", () => {
  const router = new Router<string>();
  router.add("GET", "/foo", "foo");
  assert.deepEqual(router.match("GET", "/"), { kind: "not-found" });
});

Deno.test("rejects a path without a leading slash and an empty method", () => {
  const router = new Router<string>();
  assert.throws(() => router.add("GET", "x", "x"), {
    name: "RouteConflictError",
    message: "path must begin with '/' in path 'x'",
  });
  assert.throws(() => router.add("", "/x", "x"), RouteConflictError);
});

Deno.test("a rejected route leaves the router unchanged", () => {
  const router = new Router<string>();
  router.add("GET", "/a/b", "b");
  assert.throws(() => router.add("GET", "/a/:x/:", "bad"), RouteConflictError);
  assert.throws(() => router.add("GET", "/a/:x", "x"), RouteConflictError);
  router.add("GET", "/a/c", "c");
  assert.deepEqual(router.match("GET", "/a/c"), { kind: "found", value: "c", params: {} });
  assert.deepEqual(router.routes().map((route) => route.path), ["/a/b", "/a/c"]);
});

Deno.test("routes lists every route in the order added", () => {
  const router = new Router<number>();
  router.add("GET", "/a", 1);
  router.add("POST", "/b/:id", 2);
  assert.deepEqual(router.routes(), [
    { method: "GET", path: "/a", value: 1 },
    { method: "POST", path: "/b/:id", value: 2 },
  ]);
});
