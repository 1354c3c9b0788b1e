import assert from "node:assert/strict";
import { defaultCapabilities } from "../../kernel/directive/mod.ts";
import { createLogger } from "../../kernel/log.ts";
import { HostFunctionRegistry } from "../../kernel/wasm/registry.ts";
import type { InvokeResult } from "../../kernel/request/mod.ts";
import { WasmRunner } from "../../kernel/wasm/runner.ts";
import {
  decode,
  emit,
  emitBytes,
  exec,
  expectFailure,
  FLUSH,
  fqfn,
  Guest,
  Harness,
  type HarnessOptions,
  host,
  hostAs,
  MEMORY_BYTES,
  Out,
  request,
  SCRATCH,
  TRAP,
} from "./harness.ts";

/** A guest whose run_e emits its per-instance call counter, trapping when the input is "trap". */
function counter(): Guest {
  return new Guest().run(
    `(if (i32.eq (local.get $len) (i32.const 4)) (then ${TRAP}))`,
    emit("(global.get $calls)"),
    FLUSH,
  );
}

/** Invokes `counter()` once per input and returns the counters (0 for a failure). */
async function counts(options: HarnessOptions, inputs: string[]): Promise<number[]> {
  const h = new Harness(options);
  const mod = await h.load(counter());
  const out: number[] = [];
  for (const body of inputs) {
    const result = await h.invoke(mod, { body });
    out.push(result.failure ? 0 : Out.of(result).i32());
  }
  return out;
}

Deno.test("guest trap - `wasm execution error: ...` naming the module; the next invocation works", async () => {
  const h = new Harness();
  const mod = await h.load(counter(), "trapper");
  expectFailure(await h.invoke(mod, { body: "trap" }), "trapper", "unreachable");
  const next = Out.of(await h.invoke(mod, { body: "ok" }));
  assert.equal(next.i32(), 1, "the trapped instance was replaced");
  const stats = h.runner.stats().get(fqfn("trapper"))!;
  assert.equal(stats.failures, 1);
  assert.equal(stats.invocations, 2);
});

Deno.test("guest trap - other traps (division by zero, guest out-of-bounds load) too", async () => {
  const h = new Harness();
  for (
    const [name, trap] of [
      ["div", "(drop (i32.div_s (i32.const 1) (i32.const 0)))"],
      ["load", `(drop (i32.load (i32.const ${MEMORY_BYTES})))`],
    ]
  ) {
    const mod = await h.load(new Guest().run(trap, emit(1), FLUSH), name);
    expectFailure(await h.invoke(mod));
    expectFailure(await h.invoke(mod), name);
  }
});

Deno.test("instances are reused - a global incremented by run_e keeps counting", async () => {
  assert.deepEqual(await counts({}, ["a", "b", "c", "d"]), [1, 2, 3, 4]);
});

Deno.test("instances are reused - a trap restarts the count on a fresh instance", async () => {
  assert.deepEqual(await counts({}, ["a", "b", "trap", "c", "d"]), [1, 2, 0, 1, 2]);
});

Deno.test("maxUses - an instance is replaced after serving maxUses invocations", async () => {
  assert.deepEqual(await counts({ maxUses: 2 }, ["a", "b", "c", "d", "e"]), [1, 2, 1, 2, 1]);
  assert.deepEqual(await counts({ maxUses: 1 }, ["a", "b", "c"]), [1, 1, 1]);
  assert.deepEqual(await counts({ maxUses: 0 }, ["a", "b", "c"]), [1, 2, 3]);
});

Deno.test("allocate returning an out-of-range pointer - failure naming allocate", async () => {
  const h = new Harness();
  for (const ptr of [-8, MEMORY_BYTES - 2, MEMORY_BYTES + 64, 0x7ffffff0]) {
    const mod = await h.load(
      new Guest().allocate(`(i32.const ${ptr})`).run(emit(1), FLUSH),
      `alloc${ptr}`,
    );
    expectFailure(await h.invoke(mod, { body: "some input" }), "allocate");
  }
  // The host survives: a well-behaved module still runs.
  assert.equal(Out.of(await h.run(counter())).i32(), 1);
});

Deno.test("allocate trapping - failure; the next invocation works", async () => {
  const h = new Harness();
  const mod = await h.load(
    new Guest()
      .allocate(`(if (i32.eq (local.get $size) (i32.const 4)) (then ${TRAP})) (i32.const 32768)`)
      .run(emit("(local.get $len)"), FLUSH),
  );
  expectFailure(await h.invoke(mod, { body: "trap" }), "unreachable");
  assert.equal(Out.of(await h.invoke(mod, { body: "fine" + "!" })).i32(), 5);
});

Deno.test("deallocate trapping after run_e - failure, not the output", async () => {
  const h = new Harness();
  const g = new Guest().run(emit(1), FLUSH).field(
    `(func $bad_deallocate (param i32 i32) ${TRAP})`,
    `(export "deallocate" (func $bad_deallocate))`,
  ).without("deallocate");
  expectFailure(await h.run(g), "unreachable");
});

Deno.test("WasmRunner - options given as undefined fall back to the defaults", async () => {
  const runner = new WasmRunner({
    registry: new HostFunctionRegistry(),
    capabilities: defaultCapabilities(),
    log: createLogger({ level: "off" }),
    maxInstances: undefined,
    maxUses: undefined,
  });
  const mod = await runner.load(
    { name: "undef", fqfn: fqfn("undef") },
    await counter().bytes(),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), 2000);
  });
  const results: (InvokeResult | "timeout")[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      results.push(await Promise.race([runner.invoke(mod, request(), new Map()), timeout]));
    }
  } finally {
    clearTimeout(timer);
  }
  assert.notEqual(results[0], "timeout", "invoke never completed (pool bound NaN)");
  const counters = results.map((r) => r === "timeout" ? r : Out.of(r).i32());
  assert.deepEqual(counters, [1, 2], "maxUses undefined must mean 0 (never replace)");
});

Deno.test("memory.grow in run_e - host functions see the grown memory", async () => {
  const h = new Harness();
  const g = new Guest();
  const text = g.place("beyond the first pages");
  const target = MEMORY_BYTES + 100; // only valid after the grow
  const result = await h.run(
    g.run(
      emit("(memory.grow (i32.const 1))"),
      `(memory.copy (i32.const ${target}) (i32.const ${text.ptr}) (i32.const ${text.len}))`,
      exec("return_result", target, text.len),
    ),
  );
  assert.equal(decode(result.output!), "beyond the first pages");
});

Deno.test("memory.grow in allocate - the input is copied into the grown memory", async () => {
  const h = new Harness();
  const mod = await h.load(
    new Guest()
      .allocate(
        `(drop (memory.grow (i32.const 1)))
         (i32.sub (i32.mul (memory.size) (i32.const 65536)) (local.get $size))`,
      )
      .run(emit("(local.get $ptr)"), emitBytes("(local.get $ptr)", "(local.get $len)"), FLUSH),
  );
  for (const [i, body] of ["first input", "second"].entries()) {
    const out = Out.of(await h.invoke(mod, { body }));
    assert.equal(out.i32(), MEMORY_BYTES + (i + 1) * 65536 - body.length);
    assert.equal(out.text(), body);
    out.end();
  }
});

Deno.test("host functions called outside an invocation (_start) - -1 or ignored", async () => {
  const h = new Harness();
  const g = new Guest();
  const msg = g.str("from start");
  const method = g.str("method");
  g.field(
    `(global $early (mut i32) (i32.const 0))`,
    `(func (export "_start")
      ${hostAs("(i32.const 0)", "log_msg", msg, 1)}
      ${hostAs("(i32.const 1)", "log_msg", msg, 1)}
      (global.set $early ${hostAs("(i32.const 1)", "request_get_field", 0, method)}))`,
  ).run(emit("(global.get $early)"), emit(host("get_ffi_result", SCRATCH)), FLUSH);
  const out = Out.of(await h.run(g));
  assert.deepEqual([out.i32(), out.i32()], [-1, -1]);
  out.end();
  assert.deepEqual(h.guestLogs(), []);
  assert.equal(h.logs().some((l) => l.msg === "from start"), false);
});
