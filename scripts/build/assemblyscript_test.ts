import assert from "node:assert/strict";
import { join } from "node:path";
import { buildAssemblyScriptRunnable, isAssemblyScript } from "./assemblyscript.ts";
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
