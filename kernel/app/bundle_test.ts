import assert from "node:assert/strict";
import { zipSync } from "fflate";
import { openBundle } from "./bundle.ts";
import { stratosError } from "../../tests/support/errors.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DIRECTIVE = "identifier: com.example.test\nappVersion: v0.1.0\natmoVersion: v0.4.7\n";
const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** A zip holding `files` (text or bytes) plus a Directive unless `withDirective` is false. */
function bundle(files: Record<string, string | Uint8Array>, withDirective = true): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  if (withDirective) entries["Directive.yaml"] = encoder.encode(DIRECTIVE);
  for (const [name, value] of Object.entries(files)) {
    entries[name] = typeof value === "string" ? encoder.encode(value) : value;
  }
  return zipSync(entries);
}

function assertStratosError(fn: () => unknown, code: string, message?: string | RegExp): void {
  assert.throws(fn, stratosError(code, message));
}

Deno.test("openBundle - refuses a name without the .wasm.zip extension, in Atmo's words", () => {
  assertStratosError(
    () => openBundle("app.zip", bundle({})),
    "STRATOS_ERR_BUNDLE_INVALID",
    "cannot load bundle app.zip, does not have .wasm.zip extension",
  );
});

Deno.test("openBundle - reads the Directive text and names it after the bundle", () => {
  const app = openBundle("dist/runnables.wasm.zip", bundle({}));
  assert.equal(app.kind, "bundle");
  assert.equal(app.location, "dist/runnables.wasm.zip");
  assert.equal(app.directive.path, "dist/runnables.wasm.zip/Directive.yaml");
  assert.equal(app.directive.text, DIRECTIVE);
  assert.equal(app.directive.queries, undefined);
  assert.deepEqual(app.runnables, []);
});

Deno.test("openBundle - a bundle without Directive.yaml is refused", () => {
  assertStratosError(
    () => openBundle("x.wasm.zip", bundle({ "hello.wasm": EMPTY_MODULE }, false)),
    "STRATOS_ERR_BUNDLE_INVALID",
    /^bundle is missing Directive\.yaml: x\.wasm\.zip$/,
  );
});

Deno.test("openBundle - corrupt bytes are reported as an invalid bundle", () => {
  const garbage = encoder.encode("this is not a zip archive at all, just some text");
  assertStratosError(
    () => openBundle("broken.wasm.zip", garbage),
    "STRATOS_ERR_BUNDLE_INVALID",
    /^cannot read bundle broken\.wasm\.zip: /,
  );
});

Deno.test("openBundle - a truncated zip is reported as an invalid bundle", () => {
  const whole = bundle({ "hello.wasm": EMPTY_MODULE });
  assertStratosError(
    () => openBundle("cut.wasm.zip", whole.subarray(0, whole.length - 10)),
    "STRATOS_ERR_BUNDLE_INVALID",
  );
});

Deno.test("openBundle - takes modules from the root only", () => {
  const app = openBundle(
    "b.wasm.zip",
    bundle({ "hello.wasm": EMPTY_MODULE, "a/b.wasm": EMPTY_MODULE, "static/c.wasm": "x" }),
  );
  assert.equal(app.modules.length, 1);
  const [module] = app.modules;
  assert.equal(module.name, "hello");
  assert.equal(module.namespace, undefined);
  assert.equal(module.path, "b.wasm.zip/hello.wasm");
  assert.deepEqual(module.bytes, EMPTY_MODULE);
});

Deno.test("openBundle - static files are readable with and without the static/ prefix", () => {
  const app = openBundle(
    "s.wasm.zip",
    bundle({ "static/index.html": "<h1>hi</h1>", "static/css/site.css": "body{}" }),
  );
  const text = (name: string) => {
    const bytes = app.staticFile(name);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  assert.equal(text("index.html"), "<h1>hi</h1>");
  assert.equal(text("static/index.html"), "<h1>hi</h1>");
  assert.equal(text("/index.html"), "<h1>hi</h1>");
  assert.equal(text("./css/site.css"), "body{}");
  assert.equal(text("missing.txt"), undefined);
});

Deno.test("openBundle - only entries under static/ are static files", () => {
  const app = openBundle("o.wasm.zip", bundle({ "notes.txt": "root file", "hello.wasm": "x" }));
  assert.equal(app.staticFile("notes.txt"), undefined);
  assert.equal(app.staticFile("Directive.yaml"), undefined);
  assert.equal(app.staticFile("hello.wasm"), undefined);
});

Deno.test("openBundle - traversal names are refused both as entries and as lookups", () => {
  const app = openBundle(
    "t.wasm.zip",
    bundle({ "static/../evil.txt": "evil", "static/ok.txt": "ok" }),
  );
  assert.equal(app.staticFile("../evil.txt"), undefined);
  assert.equal(app.staticFile("static/../evil.txt"), undefined);
  assert.equal(app.staticFile("evil.txt"), undefined);
  assert.equal(app.staticFile("../Directive.yaml"), undefined);
  assert.equal(app.staticFile("ok\\..\\ok.txt"), undefined);
  assert.notEqual(app.staticFile("ok.txt"), undefined);
});
