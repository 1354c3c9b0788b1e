import assert from "node:assert/strict";
import { Node } from "./node.ts";
import { RouteConflictError } from "./route_conflict_error.ts";
import { addRoute } from "./tree_insert.ts";

function tree(...paths: string[]): Node<string> {
  const root = new Node<string>();
  for (const path of paths) addRoute(root, path, { value: path });
  return root;
}

function assertConflict(paths: string[], message: string): void {
  assert.throws(() => tree(...paths), (error: unknown) => {
    assert.ok(error instanceof RouteConflictError);
    assert.equal(error.code, "STRATOS_ERR_ROUTE_CONFLICT");
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("accepts httprouter's wildcard example routes", () => {
  tree(
    "/",
    "/cmd/:tool/:sub",
    "/cmd/:tool/",
    "/src/*filepath",
    "/search/",
    "/search/:query",
    "/user_:name",
    "/user_:name/about",
    "/files/:dir/*filepath",
    "/doc/",
    "/doc/go_faq.html",
    "/doc/go1.html",
    "/info/:user/public",
    "/info/:user/project/:project",
  );
});

Deno.test("a duplicate route is rejected", () => {
  assertConflict(["/hello", "/hello"], "a handle is already registered for path '/hello'");
  assertConflict(["/a/:b", "/a/:b"], "a handle is already registered for path '/a/:b'");
  assertConflict(["/a/b", "/a", "/a"], "a handle is already registered for path '/a'");
});

Deno.test("a parameter after a static segment at the same position is rejected", () => {
  assertConflict(
    ["/users/new", "/users/:id"],
    "wildcard route ':id' conflicts with existing children in path '/users/:id'",
  );
  assertConflict(
    ["/src/a", "/src/*filepath"],
    "wildcard route '*filepath' conflicts with existing children in path '/src/*filepath'",
  );
});

Deno.test("a static segment or another name after a parameter is rejected", () => {
  assertConflict(
    ["/users/:id", "/users/new"],
    "'new' in new path '/users/new' conflicts with existing wildcard ':id' in existing prefix " +
      "'/users/:id'",
  );
  assertConflict(
    ["/users/:id", "/users/:name/posts"],
    "':name' in new path '/users/:name/posts' conflicts with existing wildcard ':id' in " +
      "existing prefix '/users/:id'",
  );
  assertConflict(
    ["/src/*filepath", "/src/*filepath"],
    "'/*filepath' in new path '/src/*filepath' conflicts with existing wildcard '/*filepath' " +
      "in existing prefix '/src/*filepath'",
  );
  assertConflict(
    ["/*filepath", "/hello/:name"],
    "'/hello/:name' in new path '/hello/:name' conflicts with existing wildcard '/*filepath' " +
      "in existing prefix '/*filepath'",
  );
});

Deno.test("malformed wildcards are rejected", () => {
  assertConflict(
    ["/a/*b/c"],
    "catch-all routes are only allowed at the end of the path in path '/a/*b/c'",
  );
  assertConflict(["/a/:"], "wildcards must be named with a non-empty name in path '/a/:'");
  assertConflict(["/a/*"], "wildcards must be named with a non-empty name in path '/a/*'");
  assertConflict(
    ["/a/:b:c"],
    "only one wildcard per path segment is allowed, has: ':b:c' in path '/a/:b:c'",
  );
  assertConflict(["/src*x"], "no / before catch-all in path '/src*x'");
  assertConflict(["/ab", "/ab*x"], "no / before catch-all in path '/ab*x'");
});

Deno.test("a catch-all below an existing segment root is rejected", () => {
  assertConflict(
    ["/src/", "/src/*filepath"],
    "catch-all conflicts with existing handle for the path segment root in path '/src/*filepath'",
  );
});

Deno.test("a longer parameter name is not the same wildcard", () => {
  assertConflict(
    ["/a/:name", "/a/:names"],
    "':names' in new path '/a/:names' conflicts with existing wildcard ':name' in existing " +
      "prefix '/a/:name'",
  );
});
