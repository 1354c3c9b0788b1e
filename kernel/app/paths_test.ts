import assert from "node:assert/strict";
import { join } from "node:path";
import { isWithin, joinPath } from "./paths.ts";

Deno.test("joinPath - joins and normalises as node:path's join does on POSIX", () => {
  const cases = [
    ["examples/hello", "Directive.yaml"],
    ["examples/hello/", "hello", "hello.wasm"],
    ["./app", ".", "static"],
    ["app", "static", "../x"],
    ["app", "../../x"],
    ["/srv/app", "../../../etc"],
    ["/", "a"],
    ["a//b", "", "c/"],
    [".", "Directive.yaml"],
    ["..", "app"],
    ["a", ".."],
    [""],
  ];
  for (const parts of cases) {
    // node:path keeps a trailing slash, which no caller gives
    assert.equal(joinPath(...parts), join(...parts).replace(/(.)\/$/, "$1"), parts.join(" + "));
  }
});

Deno.test("isWithin - the folder itself and what lies below it, not a sibling with its prefix", () => {
  assert.ok(isWithin("/srv/app", "/srv/app"));
  assert.ok(isWithin("/srv/app", "/srv/app/static/a.txt"));
  assert.ok(isWithin("/", "/etc"));
  assert.ok(!isWithin("/srv/app", "/srv/app2/x"));
  assert.ok(!isWithin("/srv/app", "/srv"));
  assert.ok(!isWithin("/srv/app", "/etc/passwd"));
});
