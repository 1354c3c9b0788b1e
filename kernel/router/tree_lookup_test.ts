import assert from "node:assert/strict";
import { Node } from "./node.ts";
import { addRoute } from "./tree_insert.ts";
import { lookup } from "./tree_lookup.ts";

function tree(paths: string[]): Node<string> {
  const root = new Node<string>();
  for (const path of paths) addRoute(root, path, { value: path });
  return root;
}

Deno.test("finds static, parameter and catch-all routes", () => {
  const root = tree([
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
  ]);
  const cases: [string, string, Record<string, string>][] = [
    ["/", "/", {}],
    ["/cmd/test/", "/cmd/:tool/", { tool: "test" }],
    ["/cmd/test/3", "/cmd/:tool/:sub", { tool: "test", sub: "3" }],
    ["/src/", "/src/*filepath", { filepath: "/" }],
    ["/src/some/file.png", "/src/*filepath", { filepath: "/some/file.png" }],
    ["/search/", "/search/", {}],
    ["/search/someth!ng+in+ünìcodé", "/search/:query", { query: "someth!ng+in+ünìcodé" }],
    ["/user_gopher", "/user_:name", { name: "gopher" }],
    ["/user_gopher/about", "/user_:name/about", { name: "gopher" }],
    ["/files/js/inc/framework.js", "/files/:dir/*filepath", {
      dir: "js",
      filepath: "/inc/framework.js",
    }],
    ["/info/gordon/public", "/info/:user/public", { user: "gordon" }],
    ["/info/gordon/project/go", "/info/:user/project/:project", { user: "gordon", project: "go" }],
    ["/doc/go1.html", "/doc/go1.html", {}],
  ];
  for (const [path, value, params] of cases) {
    assert.deepEqual(lookup(root, path), { kind: "found", value, params }, path);
  }
  assert.equal(lookup(root, "/cmd/test"), true);
  assert.equal(lookup(root, "/search/someth!ng+in+ünìcodé/"), true);
  assert.equal(lookup(root, "/nope"), false);
});

Deno.test("recommends trailing-slash redirects as httprouter does", () => {
  const root = tree([
    "/hi",
    "/b/",
    "/search/:query",
    "/cmd/:tool/",
    "/src/*filepath",
    "/x",
    "/x/y",
    "/y/",
    "/y/z",
    "/0/:id",
    "/0/:id/1",
    "/1/:id/",
    "/1/:id/2",
    "/aa",
    "/a/",
    "/admin",
    "/admin/:category",
    "/admin/:category/:page",
    "/doc",
    "/doc/go_faq.html",
    "/doc/go1.html",
    "/no/a",
    "/no/b",
    "/api/hello/:name",
  ]);
  const tsr = [
    "/hi/",
    "/b",
    "/search/gopher/",
    "/cmd/vet",
    "/src",
    "/x/",
    "/y",
    "/0/go/",
    "/1/go",
    "/a",
    "/admin/",
    "/admin/config/",
    "/admin/config/permissions/",
    "/doc/",
  ];
  for (const path of tsr) assert.equal(lookup(root, path), true, path);
  for (const path of ["/", "/no", "/no/", "/_", "/_/", "/api/world/abc"]) {
    assert.equal(lookup(root, path), false, path);
  }
});

Deno.test("routes without parameters share one empty params object", () => {
  const root = tree(["/a", "/b"]);
  const a = lookup(root, "/a");
  const b = lookup(root, "/b");
  assert.ok(typeof a === "object" && typeof b === "object");
  assert.equal(a.params, b.params);
  assert.ok(Object.isFrozen(a.params));
});

Deno.test("the first value of a repeated parameter name wins", () => {
  const root = tree(["/:a/:a"]);
  assert.deepEqual(lookup(root, "/x/y"), { kind: "found", value: "/:a/:a", params: { a: "x" } });
});
