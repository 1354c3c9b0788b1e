/**
 * Direct calls that reach an import they may not call directly: a function with effects, or one
 * that would wait. The call is started again under JSPI, the function runs exactly once, the log
 * is written once, and a module that only imports such functions without calling them stays on
 * the direct path.
 */

import assert from "node:assert/strict";
import { defineHostFunction } from "../../kernel/wasm/host_function.ts";
import { emit, FLUSH, Guest, Harness, host, Out } from "./harness.ts";

/** Host functions counting their calls: `bump` (an effect), `later` (waits), `peek` (a read). */
function counted() {
  const calls = { bump: 0, later: 0, peek: 0 };
  const fns = [
    defineHostFunction({
      name: "bump",
      params: 0,
      returns: true,
      call: () => ++calls.bump,
    }),
    defineHostFunction({
      name: "later",
      params: 0,
      returns: true,
      async: true,
      call: () => (calls.later++, new Promise<number>((r) => setTimeout(() => r(40), 1))),
    }),
    defineHostFunction({
      name: "peek",
      params: 0,
      returns: true,
      async: true,
      repeatable: true,
      call: () => (calls.peek++, Promise.resolve(2)),
    }),
  ];
  return { calls, fns };
}

function guest(...statements: string[]): Guest {
  const g = new Guest()
    .import("env", "bump", 1, true)
    .import("env", "later", 1, true)
    .import("env", "peek", 1, true);
  return g.run(host("log_msg", g.str("before"), 3), ...statements, FLUSH);
}

Deno.test("escalation - a function with effects runs once; the log is written once", async () => {
  const { calls, fns } = counted();
  const h = new Harness({ hostFunctions: fns });
  const module = await h.load(guest(emit(host("bump")), emit(host("later"))));
  const out = Out.of(await h.invoke(module));
  assert.equal(out.i32(), 1, "bump's result");
  assert.equal(out.i32(), 40, "later's result, after a real wait");
  assert.deepEqual(calls, { bump: 1, later: 1, peek: 0 });
  assert.deepEqual(h.guestLogs().map((l) => l.msg), ["before"]);
  assert.equal(h.runner.stats().get(module.info.fqfn)?.restarts, 1);
});

Deno.test("escalation - a repeatable read that would wait is asked again under JSPI", async () => {
  const { calls, fns } = counted();
  const h = new Harness({ hostFunctions: fns });
  const module = await h.load(guest(emit(host("peek"))));
  assert.equal(Out.of(await h.invoke(module)).i32(), 2);
  assert.equal(calls.peek, 2, "once directly (its Promise dropped), once under JSPI");
});

Deno.test("escalation - after one, the module stays under JSPI for a stretch", async () => {
  const { fns } = counted();
  const h = new Harness({ hostFunctions: fns });
  const module = await h.load(guest(emit(host("later"))));
  for (let i = 0; i < 10; i++) assert.equal(Out.of(await h.invoke(module)).i32(), 40);
  assert.equal(h.runner.stats().get(module.info.fqfn)?.restarts, 1);
});

Deno.test("escalation - importing such functions without calling them costs no restart", async () => {
  const { calls, fns } = counted();
  const h = new Harness({ hostFunctions: fns });
  const module = await h.load(guest(emit(7)));
  assert.equal(module.suspends, true, "it imports functions that may wait");
  for (let i = 0; i < 10; i++) assert.equal(Out.of(await h.invoke(module)).i32(), 7);
  assert.equal(h.runner.stats().get(module.info.fqfn)?.restarts, 0);
  assert.deepEqual(calls, { bump: 0, later: 0, peek: 0 });
});
