import assert from "node:assert/strict";
import { wat } from "../../../scripts/build/wat.ts";
import {
  BinaryError,
  BUDGET_EXPORT,
  IMPORTS_BY_REFERENCE_EXPORT,
  importSlot,
  instrument,
  type InstrumentOptions,
  MEMORY_EXPORT_PREFIX,
  START_EXPORT,
  TICK_TABLE_EXPORT,
} from "./mod.ts";
import { BRANCH_HINTS_SECTION as BRANCH_HINTS, LOOP_RESERVE } from "./budget.ts";
import { LEAF_BYTES } from "./instrument.ts";
import { Reader } from "./leb128.ts";
import { readLayout, Section } from "./sections.ts";

/** A Wasm function wrapping `fn`, which a funcref table can hold. */
async function wasmFunction(fn: (...args: number[]) => number, params: number) {
  const p = " (param i32)".repeat(params);
  const helper = new WebAssembly.Instance(
    new WebAssembly.Module(
      await wat(`(module (import "s" "f" (func $f${p} (result i32))) (export "f" (func $f)))`),
    ),
    { s: { f: fn } },
  );
  return helper.exports.f as (...args: number[]) => number;
}

/**
 * Instantiates an instrumented module whose tick counts calls and, after `limit` of them,
 * returns -1 (stop); the slot of imported function i calls `imports[i]` (functions of i32s), and
 * the grow hook of memory 0 grows it unless `grow` says otherwise.
 */
async function run(
  source: string,
  limit = Infinity,
  options: InstrumentOptions = {},
  grow?: (pages: number) => number,
  imports: ((...args: number[]) => number)[] = [],
) {
  const bytes = instrument(await wat(source), options);
  assert.ok(WebAssembly.validate(bytes), "still a valid module");
  const module = new WebAssembly.Module(bytes);
  const env = Object.fromEntries(WebAssembly.Module.imports(module).map((i) => [i.name, () => 0]));
  const instance = new WebAssembly.Instance(module, { env });
  const state = { ticks: 0 };
  const table = instance.exports[TICK_TABLE_EXPORT] as WebAssembly.Table;
  table.set(0, await wasmFunction(() => ++state.ticks > limit ? -1 : 1000, 0));
  for (const [i, fn] of imports.entries()) {
    table.set(importSlot(i), await wasmFunction(fn, fn.length));
  }
  const memory = instance.exports[`${MEMORY_EXPORT_PREFIX}0`] as WebAssembly.Memory | undefined;
  if (memory) {
    const hook = grow ?? ((pages: number) => {
      try {
        return memory.grow(pages);
      } catch {
        return -1;
      }
    });
    table.set(1 + imports.length, await wasmFunction(hook, 1));
  }
  return { exports: instance.exports as Record<string, (...a: number[]) => number>, state };
}

/** Asserts that `call` traps on the inserted `unreachable` after `limit` + 1 ticks. */
function assertStopped(call: () => unknown, state: { ticks: number }, limit: number, what = "") {
  assert.throws(call, (e: unknown) => e instanceof WebAssembly.RuntimeError, what);
  assert.equal(state.ticks, limit + 1, what);
}

Deno.test("instrument - an endless loop is stopped by the tick", async () => {
  const { exports, state } = await run(`(module (func (export "spin") (loop $l (br $l))))`, 5);
  assertStopped(() => exports.spin(), state, 5);
});

Deno.test("instrument - computations without a loop are stopped: recursion, tail calls, tables", async () => {
  const guests = {
    // fib(40) without a loop: exponential recursion that never overflows the stack
    recursion: `(func $f (export "go") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
        (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1)))
                       (call $f (i32.sub (local.get 0) (i32.const 2)))))))`,
    mutual: `(func $a (export "go") (param i32) (result i32) (return_call $b (local.get 0)))
      (func $b (param i32) (result i32) (return_call $a (local.get 0)))`,
    tail: `(func $t (export "go") (param i32) (result i32) (return_call $t (local.get 0)))`,
    indirect: `(type $t (func (param i32) (result i32))) (table 1 funcref) (elem (i32.const 0) $c)
      (func $c (export "go") (param i32) (result i32)
        (return_call_indirect (type $t) (local.get 0) (i32.const 0)))`,
  };
  for (const [name, guest] of Object.entries(guests)) {
    const { exports, state } = await run(`(module ${guest})`, 3);
    assertStopped(() => exports.go(40), state, 3, name);
  }
});

Deno.test("instrument - a guest's catch_all cannot swallow the stop", async () => {
  const { exports, state } = await run(
    `(module (tag $e) (func (export "go")
      (loop $l (try (do (loop $inner (br $inner))) (catch_all)) (br $l))))`,
    2,
  );
  assertStopped(() => exports.go(), state, 2);
});

Deno.test("instrument - bulk instructions spend budget by size", async () => {
  const { exports, state } = await run(`(module (memory 16)
    (func (export "fill") (param $n i32)
      (memory.fill (i32.const 0) (i32.const 1) (i32.const 1048576))
      (memory.fill (i32.const 0) (i32.const 1) (local.get $n))))`);
  exports.fill(16);
  assert.equal(state.ticks, 2, "1 MiB spends 1,024 units: more than the budget of 1,000");
  assert.equal((exports.fill(4), state.ticks), 3);
});

Deno.test("instrument - memory.grow goes through the host, which may refuse it", async () => {
  const asked: number[] = [];
  const { exports } = await run(
    `(module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`,
    Infinity,
    {},
    (pages) => (asked.push(pages), pages > 2 ? -1 : 1),
  );
  assert.equal(exports.grow(2), 1);
  assert.equal(exports.grow(3), -1);
  assert.deepEqual(asked, [2, 3]);
});

Deno.test("instrument - tables are capped; a minimum above the cap is refused", async () => {
  const { exports } = await run(
    `(module (table 2 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`,
    Infinity,
    { tableCapElements: 10 },
  );
  assert.equal(exports.grow(8), 2);
  assert.equal(exports.grow(1), -1, "growth past the cap fails inside the guest");
  await assert.rejects(
    async () => instrument(await wat(`(module (table 11 funcref))`), { tableCapElements: 10 }),
    /table needs at least 11 elements, more than the cap of 10/,
  );
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
  assert.equal(state.ticks, 1, "102 checks (entry and iterations) fit in one budget of 1000");
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
  const kept = instrument(big, { memoryCapPages: 64, interruptible: false });
  const m = new WebAssembly.Instance(new WebAssembly.Module(kept));
  assert.ok(m, "a lower declared maximum is kept");
});

Deno.test("instrument - an empty module and garbage", () => {
  const empty = instrument(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const exports = WebAssembly.Module.exports(
    new WebAssembly.Module(empty),
  );
  assert.deepEqual(exports.map((e) => e.name), [TICK_TABLE_EXPORT, BUDGET_EXPORT]);
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

Deno.test("instrument - calls of imports go through their slots; the host picks the function", async () => {
  const bytes = instrument(
    await wat(`(module
      (import "env" "a" (func $a (param i32) (result i32)))
      (import "env" "b" (func $b (result i32)))
      (func (export "go") (param i32) (result i32) (i32.add (call $a (local.get 0)) (call $b)))
      (func (export "tail") (result i32) (return_call $b)))`),
  );
  const module = new WebAssembly.Module(bytes);
  const never = () => {
    throw new Error("called the import itself, not its slot");
  };
  const instance = new WebAssembly.Instance(module, { env: { a: never, b: never } });
  const table = instance.exports[TICK_TABLE_EXPORT] as WebAssembly.Table;
  table.set(0, await wasmFunction(() => 1000, 0));
  table.set(importSlot(0), await wasmFunction((x) => x * 2, 1));
  table.set(importSlot(1), await wasmFunction(() => 5, 0));
  const exports = instance.exports as Record<string, (...a: number[]) => number>;
  assert.equal(exports.go(10), 25);
  assert.equal(exports.tail(), 5);
  table.set(importSlot(1), await wasmFunction(() => 7, 0));
  assert.equal(exports.go(10), 27, "swapped for the next call");
  const names = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.ok(!names.includes(IMPORTS_BY_REFERENCE_EXPORT));
});

Deno.test("instrument - a module taking references to its imports is marked", async () => {
  for (
    const field of [
      `(table 1 funcref) (elem (i32.const 0) $a)`,
      `(func (export "r") (result funcref) (ref.func $a)) (elem declare func $a)`,
    ]
  ) {
    const bytes = instrument(
      await wat(`(module (import "env" "a" (func $a (result i32))) ${field})`),
    );
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    assert.ok(names.includes(IMPORTS_BY_REFERENCE_EXPORT), field);
  }
});

/** Units one call of `exports[fn](...args)` spends, from a budget set high enough not to tick. */
function spent(exports: Record<string, unknown>, fn: string, ...args: number[]): number {
  const budget = exports[BUDGET_EXPORT] as WebAssembly.Global;
  budget.value = 100_000;
  (exports[fn] as (...a: number[]) => unknown)(...args);
  return 100_000 - budget.value;
}

/** A body of `n` 3-byte instructions pairs and its `end`: 3n + 1 bytes of code. */
function straightLine(n: number): string {
  return "(drop (i32.const 1))".repeat(n);
}

Deno.test("instrument - a small leaf's entry is not counted; its callers' are", async () => {
  const small = Math.floor((LEAF_BYTES - 1) / 3); // 3n + 1 <= LEAF_BYTES
  const { exports } = await run(`(module
    (func $leaf (export "leaf") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func (export "edge") ${straightLine(small)})
    (func (export "caller") (param i32) (result i32) (call $leaf (call $leaf (local.get 0)))))`);
  assert.equal(spent(exports, "leaf", 1), 0);
  assert.equal(spent(exports, "edge"), 0, `${3 * small + 1} bytes still fit`);
  assert.equal(spent(exports, "caller", 1), 1, "the caller's own entry only");
  assert.equal((exports.caller as (x: number) => number)(1), 3);
});

Deno.test("instrument - a leaf with a loop, a call, a bulk or grow instruction or a large body is counted", async () => {
  const large = Math.floor((LEAF_BYTES - 1) / 3) + 1;
  const { exports } = await run(
    `(module
    (import "env" "f" (func $imported (result i32)))
    (type $v (func))
    (memory 1)
    (table 1 funcref) (elem (i32.const 0) $nothing)
    (func $nothing)
    (func (export "large") ${straightLine(large)})
    (func (export "loop") (loop $l))
    (func (export "call") (call $nothing))
    (func (export "import") (drop (call $imported)))
    (func (export "indirect") (call_indirect (type $v) (i32.const 0)))
    (func (export "tail") (return_call $nothing))
    (func (export "fill") (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))
    (func (export "grow") (drop (memory.grow (i32.const 0)))))`,
    Infinity,
    {},
    undefined,
    [() => 0],
  );
  assert.equal(spent(exports, "large"), 1, `${3 * large + 1} bytes are too many`);
  assert.equal(spent(exports, "loop"), LOOP_RESERVE, "a function with a loop takes a reserve");
  for (const fn of ["call", "import", "indirect", "tail", "grow"]) {
    assert.equal(spent(exports, fn), 1, fn);
  }
  assert.equal(spent(exports, "fill"), 2, "the entry, and the fill's own unit");
});

Deno.test("instrument - a guest spinning through a leaf it calls in a loop is stopped", async () => {
  const { exports, state } = await run(
    `(module (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func (export "spin") (loop $l (drop (call $leaf (i32.const 7))) (br $l))))`,
    4,
  );
  assertStopped(() => exports.spin(), state, 4);
});

Deno.test("instrument - loop iterations are paid before they run, a reserve at a time", async () => {
  const { exports } = await run(`(module
    (func (export "count") (param $n i32)
      (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`);
  for (const iterations of [1, 15, 16, 17, 100]) {
    const units = 1 + iterations; // the entry and every iteration
    const taken = spent(exports, "count", iterations);
    assert.equal(taken, Math.ceil(units / LOOP_RESERVE) * LOOP_RESERVE, `${iterations}`);
  }
});

Deno.test("instrument - a budget the host spends is seen within one reserve of iterations", async () => {
  const guest: { budget?: WebAssembly.Global } = {};
  const poke = (i: number) => {
    if (i === 100) guest.budget!.value = 0; // as the host does to stop a direct call
    return 0;
  };
  const { exports, state } = await run(
    `(module (import "env" "poke" (func $poke (param i32) (result i32)))
      (global $i (export "i") (mut i32) (i32.const 0))
      (func (export "go")
        (loop $l
          (global.set $i (i32.add (global.get $i) (i32.const 1)))
          (drop (call $poke (global.get $i)))
          (br $l))))`,
    1, // the first tick gives the budget, the next one stops the guest
    {},
    undefined,
    [poke],
  );
  guest.budget = exports[BUDGET_EXPORT] as unknown as WebAssembly.Global;
  assertStopped(() => exports.go(), state, 1);
  const after = (exports.i as unknown as WebAssembly.Global).value - 100;
  assert.ok(after >= 0 && after < LOOP_RESERVE, `${after} iterations after the host spent it`);
});

Deno.test("instrument - a function with as many locals as V8 allows keeps its loop checked", async () => {
  const { exports, state } = await run(
    `(module (func (export "spin") (param i32) (local ${
      "i32 ".repeat(49_999)
    }) (loop $l (br $l))))`,
    3,
  );
  assertStopped(() => exports.spin(0), state, 3);
});

Deno.test("instrument - checks are hinted cold; the module's own branch hints are replaced", async () => {
  const source = await wat(`(module (func (export "f") (loop $l)))`);
  const stale = [...source, 0x00, 0x1b, 0x19, ...new TextEncoder().encode(BRANCH_HINTS), 0x00];
  const instrumented = new WebAssembly.Module(instrument(new Uint8Array(stale)));
  const [hints, ...more] = WebAssembly.Module.customSections(instrumented, BRANCH_HINTS);
  assert.equal(more.length, 0, "one section of hints");
  const r = new Reader(new Uint8Array(hints));
  assert.deepEqual([r.u32(), r.u32(), r.u32()], [1, 0, 2], "function 0: the entry and the loop");
  const bytes = instrument(source);
  const code = readLayout(bytes).sections.find((s) => s.id === Section.Code)!;
  const body = new Reader(bytes, code.start);
  body.u32(); // functions
  body.u32(); // the first one's size
  for (let i = 0; i < 2; i++) {
    assert.equal(bytes[body.pos + r.u32()], 0x04, "the hint is at an if");
    assert.deepEqual([r.u32(), r.byte()], [1, 0], "one byte: unlikely");
  }
});
