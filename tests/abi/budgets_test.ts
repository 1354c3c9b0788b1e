/**
 * How the runner holds guests to their time and memory: a direct call that runs past its slice
 * is restarted under JSPI (logging once, letting other work run), a wait on I/O ends at the
 * deadline, the memory budget refuses growth and instances past it, and an instance that grew
 * large is not kept warm.
 */

import assert from "node:assert/strict";
import { defineHostFunction } from "../../kernel/wasm/host_function.ts";
import { MemoryBudget } from "../../kernel/wasm/memory_budget.ts";
import { emit, FLUSH, Guest, Harness, host, Out, request } from "./harness.ts";

/** A loop of `n` iterations doing a little arithmetic (about a nanosecond each). */
function busy(n: number): string {
  return `(local.set $i (i32.const ${n}))
    (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`;
}

Deno.test("budgets - a call past its slice restarts under JSPI, logs once, and lets timers run", async () => {
  const h = new Harness();
  const g = new Guest().locals("i");
  const module = await h.load(
    g.run(host("log_msg", g.str("starting"), 3), busy(400_000_000), emit(7), FLUSH),
  );
  assert.equal(module.suspends, false, "a direct module");
  let timers = 0;
  const interval = setInterval(() => timers++, 5);
  const started = performance.now();
  const result = await h.invoke(module);
  const took = performance.now() - started;
  clearInterval(interval);
  const out = Out.of(result);
  assert.equal(out.i32(), 7);
  out.end();
  assert.deepEqual(h.guestLogs().map((l) => l.msg), ["starting"], "logged once");
  assert.ok(timers >= took / 100, `${timers} timer runs in ${took.toFixed(0)} ms`);
});

Deno.test("budgets - a wait on I/O ends at the deadline with 504", async () => {
  const never = defineHostFunction({
    name: "wait_forever",
    params: 0,
    returns: true,
    async: true,
    call: () => new Promise<number>(() => {}),
  });
  const h = new Harness({ hostFunctions: [never] });
  const module = await h.load(
    new Guest().import("env", "wait_forever", 1, true).run(
      emit(host("wait_forever")),
    ),
  );
  const req = request();
  req.deadline = performance.now() + 300;
  const started = performance.now();
  const result = await h.runner.invoke(module, req, new Map());
  assert.equal(result.failureStatus, 504);
  assert.ok(performance.now() - started < 1000);
});

Deno.test("budgets - growth past the memory budget fails inside the guest", async () => {
  // 1 MiB = 16 pages; the guest's instance holds 2.
  const h = new Harness({ runner: { memoryBudget: new MemoryBudget(1) } });
  const module = await h.load(
    new Guest().run(
      emit("(memory.grow (i32.const 20))"),
      emit("(memory.grow (i32.const 10))"),
      FLUSH,
    ),
  );
  const out = Out.of(await h.invoke(module));
  assert.equal(out.i32(), -1, "22 pages pass the budget");
  assert.equal(out.i32(), 2, "12 pages fit");
});

Deno.test("budgets - past the budget no instance is created: 503", async () => {
  const wait = defineHostFunction({
    name: "wait_a_bit",
    params: 0,
    returns: true,
    async: true,
    call: () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 50)),
  });
  // 3 instances of 2 pages fit in 6 pages (3/8 MiB); the other invocations find no room.
  const h = new Harness({
    hostFunctions: [wait],
    runner: { memoryBudget: new MemoryBudget(6 * 65536 / (1024 * 1024)) },
  });
  const module = await h.load(
    new Guest().import("env", "wait_a_bit", 1, true).run(
      emit(host("wait_a_bit")),
      FLUSH,
    ),
  );
  const results = await Promise.all(Array.from({ length: 6 }, () => h.invoke(module)));
  const statuses = results.map((r) => r.failureStatus ?? 200);
  assert.deepEqual(statuses.filter((s) => s === 200).length, 3, `statuses ${statuses}`);
  assert.deepEqual(statuses.filter((s) => s === 503).length, 3, `statuses ${statuses}`);
  assert.equal((await h.invoke(module)).failureStatus, undefined, "room again afterwards");
});

Deno.test("budgets - an instance that grew past the warm limit is dropped after its call", async () => {
  const h = new Harness({ runner: { warmMemoryMiB: 1 } });
  const module = await h.load(
    new Guest().run(emit("(memory.size)"), emit("(memory.grow (i32.const 30))"), FLUSH),
  );
  for (let i = 0; i < 3; i++) {
    const out = Out.of(await h.invoke(module));
    assert.equal(out.i32(), 2, "a fresh instance each time");
    assert.equal(out.i32(), 2);
  }
});
