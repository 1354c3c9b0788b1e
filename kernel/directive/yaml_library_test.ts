import assert from "node:assert/strict";
import { esmBuildUrl, loadYaml, YAML } from "./yaml_library.ts";

/** Deno's namespace of a CommonJS module has this key; an ES module's has not. */
const COMMONJS_KEY = "module.exports";

Deno.test("esmBuildUrl - the browser build beside a package's dist/index.js on disk, else none", () => {
  assert.equal(
    esmBuildUrl("file:///cache/yaml/2.9.1/dist/index.js"),
    "file:///cache/yaml/2.9.1/browser/index.js",
  );
  assert.equal(esmBuildUrl("npm:yaml@2.9.1"), undefined);
  assert.equal(esmBuildUrl("file:///cache/yaml/2.9.1/dist/util.js"), undefined);
});

Deno.test("YAML - the ES module build is the one loaded, and it parses with positions", () => {
  assert.ok(!(COMMONJS_KEY in YAML), "the CommonJS build was loaded");
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument("a:\n  b: [1, 2]\n", { lineCounter: lines, version: "1.1" });
  assert.deepEqual(doc.toJS(), { a: { b: [1, 2] } });
  const b = (doc.contents as { items: { value: { items: { key: { range: number[] } }[] } }[] })
    .items[0].value.items[0].key;
  assert.deepEqual(lines.linePos(b.range[0]), { line: 2, col: 3 });
});

Deno.test("loadYaml - without a browser build on disk, the CommonJS build, with the same API", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fallback = await loadYaml(`file://${dir}/dist/index.js`);
    assert.ok(COMMONJS_KEY in fallback, "expected the CommonJS build");
    const names = (api: object) => Object.keys(api).filter((k) => k !== COMMONJS_KEY).sort();
    assert.deepEqual(
      names(YAML).filter((k) => k !== "default"),
      names(fallback).filter((k) => k !== "default"),
    );
    assert.deepEqual(fallback.parse("x: yes", { version: "1.1" }), { x: true });
    // Nodes of one build are recognised by the other (npm:yaml marks them with shared symbols).
    assert.ok(YAML.isMap(fallback.parseDocument("a: 1").contents));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
