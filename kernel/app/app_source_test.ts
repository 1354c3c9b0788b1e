import assert from "node:assert/strict";
import { staticPath } from "./app_source.ts";

Deno.test("staticPath - keeps a plain relative name", () => {
  assert.equal(staticPath("index.html"), "index.html");
  assert.equal(staticPath("css/site.css"), "css/site.css");
});

Deno.test("staticPath - strips static/, / and ./ prefixes as Atmo does", () => {
  assert.equal(staticPath("static/index.html"), "index.html");
  assert.equal(staticPath("/index.html"), "index.html");
  assert.equal(staticPath("./index.html"), "index.html");
  assert.equal(staticPath("/static/css/a.css"), "css/a.css");
});

Deno.test("staticPath - strips prefixes repeatedly, in any order", () => {
  assert.equal(staticPath("./static/./x.txt"), "x.txt");
  assert.equal(staticPath("//static/static/x.txt"), "x.txt");
  assert.equal(staticPath("static/.//static/x.txt"), "x.txt");
});

Deno.test("staticPath - refuses names that could leave the static folder", () => {
  for (
    const name of ["..", "../secret", "static/../Directive.yaml", "a/../../b", "a/..", "/../x"]
  ) {
    assert.equal(staticPath(name), undefined, name);
  }
});

Deno.test("staticPath - refuses '.' segments and empty segments", () => {
  for (const name of [".", "a/./b", "a//b", "a/", "a/."]) {
    assert.equal(staticPath(name), undefined, name);
  }
});

Deno.test("staticPath - refuses empty names and names that are only prefixes", () => {
  for (const name of ["", "/", "./", "static/", "static/./"]) {
    assert.equal(staticPath(name), undefined, JSON.stringify(name));
  }
});

Deno.test("staticPath - refuses backslashes and NUL bytes", () => {
  assert.equal(staticPath("..\\secret"), undefined);
  assert.equal(staticPath("a\\b.txt"), undefined);
  assert.equal(staticPath("a\0b.txt"), undefined);
  assert.equal(staticPath("index.html\0"), undefined);
});

Deno.test("staticPath - a name merely containing dots is accepted", () => {
  assert.equal(staticPath("..hidden"), "..hidden");
  assert.equal(staticPath("a/.env"), "a/.env");
  assert.equal(staticPath("archive.tar.gz"), "archive.tar.gz");
});
