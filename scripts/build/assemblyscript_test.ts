import assert from "node:assert/strict";
import { join } from "node:path";
import {
  buildAssemblyScriptRunnable,
  isAssemblyScript,
  SDK_COMPILER_OPTIONS,
  SDK_PACKAGE,
  SDK_PACKAGE_DIR,
  SDK_PACKAGE_SOURCES,
  sdkHooks,
} from "./assemblyscript.ts";
import { findRunnables, REPO_ROOT, sameBytes, verifyModule } from "./core.ts";

const EXAMPLES = join(REPO_ROOT, "examples");

Deno.test("rebuilding every AssemblyScript example reproduces the committed .wasm", async () => {
  const runnables = (await findRunnables(EXAMPLES)).filter(isAssemblyScript);
  assert.ok(runnables.length > 0, `no AssemblyScript Runnables found under ${EXAMPLES}`);
  const tmp = await Deno.makeTempDir({ prefix: "stratos_build_assemblyscript_" });
  try {
    for (const runnable of runnables) {
      const out = join(tmp, `${runnable.namespace}.${runnable.name}.wasm`);
      await Deno.writeFile(out, await buildAssemblyScriptRunnable(runnable.dir));
      const rebuilt = await Deno.readFile(out);
      const committed = await Deno.readFile(join(runnable.dir, `${runnable.name}.wasm`));
      assert.ok(
        sameBytes(rebuilt, committed),
        `${runnable.dir}: rebuilt ${rebuilt.length} bytes differ from the committed ` +
          `${committed.length} bytes; run \`deno task build:examples\``,
      );
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("two builds of the same Runnable give identical bytes", async () => {
  const dir = join(EXAMPLES, "hello", "hello");
  const first = await buildAssemblyScriptRunnable(dir);
  const second = await buildAssemblyScriptRunnable(dir);
  assert.ok(sameBytes(first, second));
});

Deno.test("the hello app's Runnables are found with their .runnable.yaml metadata", async () => {
  const runnables = await findRunnables(join(EXAMPLES, "hello"));
  const names = runnables.map((r) => `${r.namespace}::${r.name} (${r.lang})`);
  assert.deepEqual(names, [
    "default::cache-get (assemblyscript)",
    "default::cache-set (assemblyscript)",
    "default::find-planet (assemblyscript)",
    "default::get-file (assemblyscript)",
    "default::hello (assemblyscript)",
    "default::inspect (assemblyscript)",
    "default::rewrite (assemblyscript)",
    "default::shout (assemblyscript)",
    "default::visit (assemblyscript)",
  ]);
});

Deno.test("committed example modules have the Runnable ABI shape", async () => {
  for (const runnable of (await findRunnables(EXAMPLES)).filter(isAssemblyScript)) {
    const bytes = await Deno.readFile(join(runnable.dir, `${runnable.name}.wasm`));
    verifyModule(bytes, runnable.name);
    const mod = new WebAssembly.Module(bytes);
    assert.deepEqual(
      WebAssembly.Module.imports(mod).filter((i) => i.module !== "env"),
      [],
      `${runnable.name} should import only from env`,
    );
  }
});

Deno.test("verifyModule rejects a module without the Runnable exports", () => {
  const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  assert.throws(
    () => verifyModule(empty, "empty"),
    /empty: expected exports memory, allocate, deallocate, run_e; missing memory, allocate/,
  );
});

/** A Runnable folder in a new temp folder (outside the repository) whose sources import the SDK's package. */
async function packageRunnable(files: Record<string, string> = {}): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "stratos_as_package_" });
  const dir = join(root, "hello");
  await Deno.mkdir(join(dir, "src"), { recursive: true });
  await Deno.writeTextFile(join(dir, ".runnable.yaml"), "name: hello\nlang: assemblyscript\n");
  await Deno.writeTextFile(
    join(dir, "src", "index.ts"),
    `import { handle, Output, util } from "${SDK_PACKAGE}";\n` +
      `export { allocate, deallocate } from "${SDK_PACKAGE}";\n` +
      "function run(input: ArrayBuffer): Output {\n" +
      '  assert(input.byteLength < 100, "too long");\n' +
      '  return Output.bytes(util.concat(util.toBytes("hello "), input));\n}\n' +
      "export function run_e(ptr: usize, size: usize, ident: i32): void {\n" +
      "  handle(ptr, size, ident, run);\n}\n",
  );
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, name, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, name), text);
  }
  return dir;
}

Deno.test("a Runnable importing @stratos/runnable builds with the default flags outside the repository", async () => {
  const dir = await packageRunnable();
  try {
    const bytes = await buildAssemblyScriptRunnable(dir);
    // verifyModule refuses env.abort: the SDK's hooks were found under the package's name.
    verifyModule(bytes, "hello");
    const imports = WebAssembly.Module.imports(
      new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>),
    )
      .map((i) => i.name);
    assert.ok(imports.includes("return_abort"), `the abort hook is the SDK's: ${imports}`);
  } finally {
    await Deno.remove(join(dir, ".."), { recursive: true });
  }
});

Deno.test("an SDK installed in node_modules (npm's link to the package) is the one compiled", async () => {
  const dir = await packageRunnable();
  const modules = join(dir, "..", "node_modules", "@stratos");
  try {
    await Deno.mkdir(modules, { recursive: true });
    await Deno.symlink(SDK_PACKAGE_DIR, join(modules, "runnable"));
    verifyModule(await buildAssemblyScriptRunnable(dir), "hello");
    // A broken copy there fails the build: it, not this checkout's SDK, was read.
    await Deno.remove(join(modules, "runnable"));
    await Deno.mkdir(join(modules, "runnable"));
    await Deno.writeTextFile(join(modules, "runnable", "index.ts"), "export const broken = ;\n");
    await assert.rejects(buildAssemblyScriptRunnable(dir), /export const broken = ;/);
  } finally {
    await Deno.remove(join(dir, ".."), { recursive: true });
  }
});

Deno.test("an asconfig.json naming the package's hooks builds like the default flags", async () => {
  const asconfig = {
    entries: ["src/index.ts"],
    options: { ...SDK_COMPILER_OPTIONS, use: sdkHooks(SDK_PACKAGE_SOURCES) },
  };
  const dir = await packageRunnable({ "hello/asconfig.json": JSON.stringify(asconfig) });
  try {
    const configured = await buildAssemblyScriptRunnable(dir);
    await Deno.remove(join(dir, "asconfig.json"));
    assert.ok(sameBytes(configured, await buildAssemblyScriptRunnable(dir)));
  } finally {
    await Deno.remove(join(dir, ".."), { recursive: true });
  }
});
