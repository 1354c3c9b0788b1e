import assert from "node:assert/strict";
import {
  emit,
  expectModuleError,
  FLUSH,
  Guest,
  Harness,
  Out,
  REQUIRED_EXPORTS,
} from "./harness.ts";

/** Deterministic pseudo-random bytes. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

Deno.test("load - random bytes are a ModuleError naming the module", async () => {
  const h = new Harness();
  for (const seed of [1, 2, 3]) {
    await expectModuleError(h.load(noise(256, seed), `noise${seed}`), `module 'noise${seed}'`);
  }
  await expectModuleError(h.load(new Uint8Array(0), "empty"), "'empty'", "not a valid WebAssembly");
});

Deno.test("load - a truncated module is a ModuleError", async () => {
  const h = new Harness();
  const bytes = await new Guest().run(emit(1), FLUSH).bytes();
  for (const length of [4, 8, Math.floor(bytes.length / 2), bytes.length - 1]) {
    await expectModuleError(h.load(bytes.slice(0, length), "cut"), "module 'cut'");
  }
  // The whole module loads.
  assert.equal(Out.of(await h.run(new Guest().run(emit(1), FLUSH))).i32(), 1);
});

for (const name of REQUIRED_EXPORTS) {
  Deno.test(`load - a module without the '${name}' export is a ModuleError`, async () => {
    const h = new Harness();
    const error = await expectModuleError(
      h.load(new Guest().without(name), "partial"),
      "module 'partial'",
      `'${name}'`,
    );
    assert.match(error.message, /does not export/);
  });
}

Deno.test("load - run_e exported as a global instead of a function is a ModuleError", async () => {
  const h = new Harness();
  const g = new Guest().without("run_e").field(`(global (export "run_e") i32 (i32.const 0))`);
  const error = await expectModuleError(h.load(g, "globular"), "module 'globular'", "'run_e'");
  assert.match(error.message, /global/);
});

Deno.test("load - memory exported as a function is a ModuleError", async () => {
  const h = new Harness();
  const g = new Guest().without("memory").field(`(func (export "memory"))`);
  await expectModuleError(h.load(g, "nomem"), "module 'nomem'", "'memory'");
});

Deno.test("load - an env import the host does not provide is a ModuleError naming it", async () => {
  const h = new Harness();
  const g = new Guest().import("env", "nope", 1, true);
  await expectModuleError(h.load(g, "needy"), "module 'needy'", "env.nope");
});

Deno.test("load - an env import that is not a function is a ModuleError", async () => {
  const h = new Harness();
  const g = new Guest().rawImport(`(import "env" "table" (table 1 funcref))`);
  await expectModuleError(h.load(g, "tabled"), "module 'tabled'", "env.table");
});

Deno.test("load - unknown WASI functions and other import modules are ModuleErrors", async () => {
  const h = new Harness();
  await expectModuleError(
    h.load(new Guest().import("wasi_snapshot_preview1", "not_a_wasi_call", 0, false), "w"),
    "module 'w'",
    "wasi_snapshot_preview1.not_a_wasi_call",
  );
  await expectModuleError(
    h.load(new Guest().import("other", "thing", 3, false), "o"),
    "module 'o'",
    "other.thing",
  );
});

Deno.test("load - a module that loaded runs, and a failed load leaves no entry behind", async () => {
  const h = new Harness();
  await expectModuleError(h.load(new Guest().without("allocate"), "gone"));
  assert.equal(h.runner.get("com.example.abi#default::gone@v1.0.0"), undefined);
  const mod = await h.load(new Guest().run(emit(7), FLUSH), "here");
  assert.equal(h.runner.get(mod.info.fqfn), mod);
  assert.equal(Out.of(await h.invoke(mod)).i32(), 7);
});
