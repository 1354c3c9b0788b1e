import assert from "node:assert/strict";
import { StratosError } from "../errors.ts";
import { parseManifest } from "./manifest.ts";
import { stratosError } from "../../tests/support/errors.ts";

const WHERE = "plugins/demo/plugin.json";
const VALID = { name: "demo", version: "1.0.0", kernel: "^1", entry: "./mod.ts" };

/** Parses `VALID` with `changes` applied (an `undefined` value removes the key). */
function parseWith(changes: Record<string, unknown>) {
  const data: Record<string, unknown> = { ...VALID, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete data[key];
  return parseManifest(JSON.stringify(data), WHERE);
}

function assertInvalid(fn: () => unknown, message: string): void {
  assert.throws(fn, stratosError("STRATOS_ERR_PLUGIN_MANIFEST_INVALID", `${WHERE}: ${message}`));
}

Deno.test("parseManifest - accepts a complete manifest and returns its fields", () => {
  const manifest = parseWith({
    description: "a demo",
    dependencies: ["cache"],
    provides: {
      hostFunctions: ["demo_call"],
      sources: ["request"],
      connections: ["redis"],
      services: ["demo.service"],
    },
    always: true,
  });
  assert.equal(manifest.name, "demo");
  assert.equal(manifest.entry, "./mod.ts");
  assert.deepEqual(manifest.dependencies, ["cache"]);
  assert.deepEqual(manifest.provides?.hostFunctions, ["demo_call"]);
  assert.equal(manifest.always, true);
});

Deno.test("parseManifest - invalid JSON names the file", () => {
  assert.throws(() => parseManifest("{ name: demo", WHERE), (error: unknown) => {
    assert.ok(error instanceof StratosError);
    assert.equal(error.code, "STRATOS_ERR_PLUGIN_MANIFEST_INVALID");
    assert.ok(error.message.startsWith(`${WHERE}: not valid JSON: `), error.message);
    return true;
  });
});

Deno.test("parseManifest - the top level must be an object", () => {
  for (const text of ["[]", "null", '"demo"', "42"]) {
    assertInvalid(() => parseManifest(text, WHERE), "expected a JSON object");
  }
});

Deno.test("parseManifest - an unknown field is refused", () => {
  assertInvalid(() => parseWith({ main: "./mod.ts" }), "unknown field 'main'");
});

Deno.test("parseManifest - name, version, kernel and entry are required non-empty strings", () => {
  for (const key of ["name", "version", "kernel", "entry"]) {
    const message = `'${key}' must be a non-empty string`;
    assertInvalid(() => parseWith({ [key]: undefined }), message);
    assertInvalid(() => parseWith({ [key]: "" }), message);
    assertInvalid(() => parseWith({ [key]: 1 }), message);
  }
});

Deno.test("parseManifest - the name must be lower-case letters, digits, '.', '_' or '-'", () => {
  for (const name of ["Demo", "-demo", ".demo", "my plugin", "démo", "a/b"]) {
    assertInvalid(
      () => parseWith({ name }),
      `'name' must be lower-case letters, digits, '.', '_' or '-': found '${name}'`,
    );
  }
  for (const name of ["a", "0demo", "my-plugin.v2_x"]) {
    assert.equal(parseWith({ name }).name, name);
  }
});

Deno.test("parseManifest - dependencies must be a list of names", () => {
  const message = "'dependencies' must be a list of plugin names";
  assertInvalid(() => parseWith({ dependencies: "cache" }), message);
  assertInvalid(() => parseWith({ dependencies: ["cache", 2] }), message);
  assertInvalid(() => parseWith({ dependencies: { cache: true } }), message);
  assert.deepEqual(parseWith({ dependencies: [] }).dependencies, []);
});

Deno.test("parseManifest - always must be a boolean", () => {
  assertInvalid(() => parseWith({ always: "yes" }), "'always' must be true or false");
  assert.equal(parseWith({ always: false }).always, false);
});

Deno.test("parseManifest - provides must be an object", () => {
  assertInvalid(() => parseWith({ provides: ["cache_get"] }), "'provides' must be an object");
  assertInvalid(() => parseWith({ provides: "cache" }), "'provides' must be an object");
});

Deno.test("parseManifest - each provides entry must be a list of strings", () => {
  for (const key of ["hostFunctions", "sources", "connections", "services"]) {
    assertInvalid(
      () => parseWith({ provides: { [key]: "x" } }),
      `'provides.${key}' must be a list of strings`,
    );
    assertInvalid(
      () => parseWith({ provides: { [key]: [true] } }),
      `'provides.${key}' must be a list of strings`,
    );
  }
});

Deno.test("parseManifest - an unknown provides key is refused", () => {
  assertInvalid(
    () => parseWith({ provides: { routes: ["/"] } }),
    "unknown field 'provides.routes'",
  );
});
