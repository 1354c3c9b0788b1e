import assert from "node:assert/strict";
import { wat } from "../../../scripts/wat.ts";
import { BinaryError, instrument, START_EXPORT, TICK_TABLE_EXPORT } from "./mod.ts";

/** Instantiates an instrumented module whose tick counts calls and throws after `limit`. */
async function run(source: string, limit = Infinity, imports: WebAssembly.Imports = {}) {
  const bytes = instrument(await wat(source));
  assert.ok(WebAssembly.validate(bytes), "still a valid module");
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(bytes),
    imports,
  );
  const state = { ticks: 0 };
  const helper = new WebAssembly.Instance(
    new WebAssembly.Module(
      await wat(`(module (import "s" "t" (func $t (result i32))) (export "t" (func $t)))`),
    ),
    {
      s: {
        t: () => {
          if (++state.ticks > limit) throw new Error("deadline");
          return 1000;
        },
      },
    },
  );
  (instance.exports[TICK_TABLE_EXPORT] as WebAssembly.Table).set(
    0,
    helper.exports.t as () => number,
  );
  return { exports: instance.exports as Record<string, (...a: number[]) => number>, state };
}

Deno.test("instrument - an endless loop is stopped by the tick", async () => {
  const { exports, state } = await run(`(module (func (export "spin") (loop $l (br $l))))`, 5);
  assert.throws(() => exports.spin(), /deadline/);
  assert.equal(state.ticks, 6);
});

Deno.test("instrument - results are unchanged and the tick runs once per budget", async () => {
  const { exports, state } = await run(`(module
    (func (export "sum") (param $n i32) (result i32) (local $acc i32)
      (block $done (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
      (local.get $acc)))`);
  assert.equal(exports.sum(100), 5050);
  assert.equal(state.ticks, 1, "101 iterations fit in one budget of 1000");
  assert.equal(exports.sum(5000), 12502500);
  assert.ok(state.ticks >= 5 && state.ticks <= 7);
});

Deno.test("instrument - existing tables, globals and indirect calls keep their indices", async () => {
  const { exports } = await run(`(module
    (type $f (func (result i32)))
    (table 2 funcref)
    (global $g (mut i32) (i32.const 7))
    (elem (i32.const 0) $a $b)
    (func $a (result i32) (global.get $g))
    (func $b (result i32) (i32.const 42))
    (func (export "pick") (param i32) (result i32) (call_indirect (type $f) (local.get 0))))`);
  assert.equal(exports.pick(0), 7);
  assert.equal(exports.pick(1), 42);
});

Deno.test("instrument - the start function is exported instead of run at instantiation", async () => {
  const { exports } = await run(`(module
    (global $ready (mut i32) (i32.const 0))
    (func $init (global.set $ready (i32.const 1)))
    (start $init)
    (func (export "ready") (result i32) (global.get $ready)))`);
  assert.equal(exports.ready(), 0, "not run yet");
  exports[START_EXPORT]();
  assert.equal(exports.ready(), 1);
});

Deno.test("instrument - memories are capped; a minimum above the cap is refused", async () => {
  const capped = instrument(await wat(`(module (memory (export "memory") 1))`), {
    memoryCapPages: 4,
  });
  const memory = new WebAssembly.Instance(new WebAssembly.Module(capped))
    .exports.memory as WebAssembly.Memory;
  assert.equal(memory.grow(3), 1);
  assert.throws(() => memory.grow(1), RangeError);
  const big = await wat(`(module (memory 10 20))`);
  assert.throws(() => instrument(big, { memoryCapPages: 4 }), BinaryError);
  const kept = instrument(big, { memoryCapPages: 64, loops: false });
  const m = new WebAssembly.Instance(new WebAssembly.Module(kept));
  assert.ok(m, "a lower declared maximum is kept");
});

Deno.test("instrument - an empty module and garbage", () => {
  const empty = instrument(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const exports = WebAssembly.Module.exports(
    new WebAssembly.Module(empty),
  );
  assert.deepEqual(exports.map((e) => e.name), [TICK_TABLE_EXPORT]);
  assert.throws(() => instrument(new Uint8Array([1, 2, 3])), BinaryError);
  assert.throws(
    () => instrument(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 10, 200])),
    BinaryError,
  );
});

Deno.test("instrument - instructions with immediates of every family are walked correctly", async () => {
  const { exports } = await run(`(module
    (memory 1)
    (func (export "mix") (param $x i32) (result i32) (local $v v128)
      (i64.store (i32.const 8) (i64.const -1234567890123))
      (f32.store (i32.const 16) (f32.const 1.5))
      (f64.store (i32.const 24) (f64.const 2.5))
      (memory.fill (i32.const 32) (i32.const 7) (i32.const 4))
      (local.set $v (v128.const i32x4 1 2 3 4))
      (block $b (br_table $b $b (local.get $x)))
      (i32.add
        (i32.trunc_sat_f32_s (f32.load (i32.const 16)))
        (i32.add (i32x4.extract_lane 3 (local.get $v)) (i32.load8_u (i32.const 35))))))`);
  assert.equal(exports.mix(0), 1 + 4 + 7);
});
