import assert from "node:assert/strict";
import { zipSync } from "fflate";
import { openBundle } from "./bundle.ts";
import { stratosError } from "../../tests/support/errors.ts";
import {
  type CraftedEntry,
  craftZip,
  deflatedEntry,
  deflatedZeros,
} from "../../tests/support/crafted_zip.ts";

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

const MIB = 1024 * 1024;

/** A crafted bundle of `entries` after an honest Directive. */
function crafted(...entries: CraftedEntry[]): Uint8Array {
  return craftZip([deflatedEntry("Directive.yaml", DIRECTIVE), ...entries]);
}

Deno.test("openBundle - the limits passed are applied to the declared sizes", () => {
  const limits = { maxEntries: 2, maxEntryBytes: 100, maxTotalBytes: 150 };
  const text = (n: number) => "x".repeat(n);
  openBundle("ok.wasm.zip", crafted(deflatedEntry("static/a.txt", text(100))), {
    ...limits,
    maxTotalBytes: 1000,
  });
  assertStratosError(
    () => openBundle("l.wasm.zip", crafted(deflatedEntry("static/a.txt", text(101))), limits),
    "STRATOS_ERR_BUNDLE_LIMIT",
    /entry 'static\/a\.txt' declares 101 bytes uncompressed, more than the limit of 100 bytes/,
  );
  assertStratosError(
    () =>
      openBundle("l.wasm.zip", crafted(deflatedEntry("a", "a"), deflatedEntry("b", "b")), limits),
    "STRATOS_ERR_BUNDLE_LIMIT",
    /it has 3 entries, more than the limit of 2/,
  );
});

Deno.test("openBundle - an entry whose header lies about its size is refused at open", () => {
  const zeros = deflatedZeros(10 * MIB);
  assertStratosError(
    () =>
      openBundle("lie.wasm.zip", crafted({ name: "static/big.bin", data: zeros.data, size: 10 })),
    "STRATOS_ERR_BUNDLE_INVALID",
    /^bundle lie\.wasm\.zip: entry 'static\/big\.bin' inflates to more than the 10 bytes its header declares/,
  );
  assertStratosError(
    () => openBundle("lie.wasm.zip", crafted({ name: "hello.wasm", data: zeros.data, size: 10 })),
    "STRATOS_ERR_BUNDLE_INVALID",
    /entry 'hello\.wasm' inflates to more than the 10 bytes/,
  );
});

Deno.test("openBundle - duplicate entries are refused, also after normalising static paths", () => {
  const cases: [string, string, RegExp][] = [
    ["static/a.txt", "static/a.txt", /entry 'static\/a\.txt' appears twice, so which/],
    [
      "static/a.txt",
      "static/static/a.txt",
      /'static\/static\/a\.txt' appears twice \(the first as 'static\/a\.txt'\)/,
    ],
    ["static/./x", "static/./x", /entry 'static\/\.\/x' appears twice/],
    ["hello.wasm", "hello.wasm", /entry 'hello\.wasm' appears twice/],
  ];
  for (const [first, second, message] of cases) {
    assertStratosError(
      () =>
        openBundle("d.wasm.zip", crafted(deflatedEntry(first, "1"), deflatedEntry(second, "2"))),
      "STRATOS_ERR_BUNDLE_INVALID",
      message,
    );
  }
  assertStratosError(
    () => openBundle("d.wasm.zip", crafted(deflatedEntry("Directive.yaml", DIRECTIVE))),
    "STRATOS_ERR_BUNDLE_INVALID",
    /entry 'Directive\.yaml' appears twice/,
  );
});

Deno.test("openBundle - small static files stay inflated, large ones are inflated on each read", () => {
  const large = new Uint8Array(2 * MIB).map((_, i) => i % 251);
  const app = openBundle(
    "big.wasm.zip",
    crafted(deflatedEntry("static/small.txt", "small"), deflatedEntry("static/large.bin", large)),
  );
  assert.equal(app.staticFile("small.txt"), app.staticFile("small.txt"), "kept: the same bytes");
  const first = app.staticFile("large.bin");
  const second = app.staticFile("large.bin");
  assert.notEqual(first, second, "not kept: inflated afresh on each read");
  assert.deepEqual(first, large);
  assert.deepEqual(second, large);
});

Deno.test("openBundle - past 64 MiB of kept static files, further ones are inflated on read", () => {
  const oneMiB = deflatedZeros(MIB - 300);
  const files = Array.from({ length: 70 }, (_, i) => ({
    name: `static/f${i}.bin`,
    data: oneMiB.data,
    size: oneMiB.size,
  }));
  const app = openBundle("many.wasm.zip", crafted(...files));
  assert.equal(app.staticFile("f0.bin"), app.staticFile("f0.bin"));
  assert.equal(app.staticFile("f63.bin"), app.staticFile("f63.bin"));
  assert.notEqual(app.staticFile("f69.bin"), app.staticFile("f69.bin"));
  assert.equal(app.staticFile("f69.bin")!.length, oneMiB.size);
});
