import assert from "node:assert/strict";
import type { Directive, Runnable } from "../directive/types.ts";
import { StratosError } from "../errors.ts";
import type { AppSource, ModuleFile } from "./app_source.ts";
import { compileAppModules } from "./modules.ts";
import { stratosError } from "../../tests/support/errors.ts";

const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

function runnable(name: string, namespace = "default"): Runnable {
  return { name, namespace, fqfn: `com.example#${namespace}::${name}@v0.1.0` };
}

function moduleFile(name: string, namespace?: string): ModuleFile {
  return { name, namespace, path: `app/${name}.wasm`, bytes: EMPTY_MODULE };
}

function app(modules: ModuleFile[]): AppSource {
  return {
    location: "app",
    kind: "project",
    directive: { path: "app/Directive.yaml", text: "" },
    modules,
    runnables: [],
    staticFile: () => undefined,
  };
}

function directive(runnables: Runnable[]): Directive {
  return { identifier: "com.example", appVersion: "v0.1.0", atmoVersion: "v0.4.7", runnables };
}

async function assertRejectsWith(promise: Promise<unknown>, code: string, message: string) {
  await assert.rejects(promise, stratosError(code, message));
}

Deno.test("compileAppModules - compiles each Runnable's module and pairs them", async () => {
  const hello = runnable("hello");
  const bye = runnable("bye");
  const compiled = await compileAppModules(
    app([moduleFile("bye"), moduleFile("hello")]),
    directive([hello, bye]),
  );
  assert.deepEqual(compiled.map((c) => c.runnable), [hello, bye]);
  for (const { module } of compiled) assert.ok(module instanceof WebAssembly.Module);
});

Deno.test("compileAppModules - a Runnable without a module is reported", async () => {
  await assertRejectsWith(
    compileAppModules(app([moduleFile("hello")]), directive([runnable("hello"), runnable("bye")])),
    "STRATOS_ERR_MODULE_MISSING",
    "Runnable 'default::bye' has no module: expected bye.wasm in app",
  );
});

Deno.test("compileAppModules - a module without a Runnable is reported in Atmo's words", async () => {
  await assertRejectsWith(
    compileAppModules(
      app([moduleFile("hello"), moduleFile("stray")]),
      directive([runnable("hello")]),
    ),
    "STRATOS_ERR_MODULE_UNMATCHED",
    "unable to find Runnable for module stray (app/stray.wasm)",
  );
});

Deno.test("compileAppModules - a module with a namespace matches only that namespace", async () => {
  await assertRejectsWith(
    compileAppModules(app([moduleFile("hello", "people")]), directive([runnable("hello")])),
    "STRATOS_ERR_MODULE_MISSING",
    "Runnable 'default::hello' has no module: expected hello.wasm in app",
  );
  const inPeople = runnable("hello", "people");
  const compiled = await compileAppModules(
    app([moduleFile("hello", "people")]),
    directive([inPeople]),
  );
  assert.deepEqual(compiled.map((c) => c.runnable), [inPeople]);
});

/** The empty module plus a custom section called `tag`, to tell modules apart once compiled. */
function taggedModule(tag: string): Uint8Array {
  const name = new TextEncoder().encode(tag);
  return new Uint8Array([...EMPTY_MODULE, 0, name.length + 1, name.length, ...name]);
}

Deno.test("compileAppModules - picks the module of the Runnable's namespace among several", async () => {
  const files = [moduleFile("hello", "default"), moduleFile("hello", "people")];
  files[0].bytes = taggedModule("default");
  files[1].bytes = taggedModule("people");
  const compiled = await compileAppModules(
    app(files),
    directive([runnable("hello", "people"), runnable("hello", "default")]),
  );
  assert.equal(compiled.length, 2);
  for (const { runnable, module } of compiled) {
    const tag = runnable.namespace;
    assert.equal(WebAssembly.Module.customSections(module, tag).length, 1, tag);
  }
});

Deno.test("compileAppModules - a module without a namespace (bundle) matches any namespace", async () => {
  const other = runnable("hello", "other");
  const compiled = await compileAppModules(app([moduleFile("hello")]), directive([other]));
  assert.equal(compiled.length, 1);
  assert.equal(compiled[0].runnable, other);
});

Deno.test("compileAppModules - a bare module serves the default namespace when names repeat", async () => {
  const compiled = await compileAppModules(
    app([moduleFile("hello")]),
    directive([runnable("hello", "default")]),
  );
  assert.equal(compiled[0].runnable.namespace, "default");
  await assert.rejects(
    () =>
      compileAppModules(
        app([moduleFile("hello")]),
        directive([runnable("hello", "other"), runnable("hello", "default")]),
      ),
    (e: unknown) =>
      e instanceof StratosError && e.code === "STRATOS_ERR_MODULE_MISSING" &&
      e.message.includes("'other::hello'"),
  );
});

Deno.test("compileAppModules - invalid module bytes fail with the module's name", async () => {
  const broken = moduleFile("broken");
  broken.bytes = new Uint8Array([1, 2, 3, 4]);
  await assert.rejects(
    compileAppModules(app([broken]), directive([runnable("broken")])),
    (error: unknown) => {
      assert.ok(error instanceof StratosError);
      assert.match(error.message, /not a valid WebAssembly module/);
      return true;
    },
  );
});
