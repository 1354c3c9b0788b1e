/** Host functions marked `async: true` (JS Promise Integration). */

import assert from "node:assert/strict";
import { type CacheBackend, SharedMemoryCache } from "../../capabilities/cache/mod.ts";
import { defineHostFunction } from "../../kernel/wasm/host_function.ts";
import {
  emit,
  encode,
  errRecord,
  expectFailure,
  ffi,
  FLUSH,
  Guest,
  Harness,
  host,
  hostAs,
  okRecord,
  Out,
  request,
  swift,
  WRONG_IDENT,
} from "./harness.ts";

/** A cache backend answering through Promises resolved on a later macrotask. */
class SlowCache implements CacheBackend {
  readonly name = "slow";
  readonly missingKeyMessage = "key not found";
  readonly #inner = new SharedMemoryCache();
  #later = <T>(value: () => T) =>
    new Promise<T>((resolve) => setTimeout(() => resolve(value()), 1));
  get(key: string) {
    return this.#later(() => this.#inner.get(key));
  }
  set(key: string, value: Uint8Array, ttl: number) {
    return this.#later(() => this.#inner.set(key, value, ttl));
  }
}

/** A guest exercising the cache functions. */
function cacheGuest(): Guest {
  const g = new Guest();
  const k = g.str("k");
  return g.run(
    ffi(host("cache_get", k)),
    emit(host("cache_set", k, g.str("value ✓"), 60)),
    ffi(host("cache_get", k)),
    emit(host("cache_get", k)), // left pending
    emit(host("cache_get", k)), // refused: one pending result
    ffi(5),
    emit(hostAs(WRONG_IDENT, "cache_get", k)),
    FLUSH,
  );
}

Deno.test("async host functions - same results through JSPI as the synchronous ones", async () => {
  const sync = new Harness();
  const async = new Harness({ asyncCache: true, cache: new SlowCache() });
  const syncMod = await sync.load(cacheGuest());
  const asyncMod = await async.load(cacheGuest());
  assert.equal(syncMod.suspends, false);
  assert.equal(asyncMod.suspends, true);
  const syncResult = await sync.invoke(syncMod);
  const asyncPending = async.invoke(asyncMod);
  assert.ok(asyncPending instanceof Promise);
  const asyncResult = await asyncPending;
  assert.deepEqual(asyncResult.output, syncResult.output);
  const out = Out.of(asyncResult);
  assert.deepEqual(out.ffi(), errRecord("key not found"));
  assert.equal(out.i32(), 0);
  assert.deepEqual(out.ffi(), okRecord("value ✓"));
  assert.deepEqual([out.i32(), out.i32()], [encode("value ✓").length, -1]);
  assert.deepEqual(out.ffi(), { size: 5, rc: 0, text: "value" });
  assert.equal(out.i32(), -1);
  out.end();
});

/** Manually resolved gates, one per request id, for a host function that waits. */
class Gates {
  readonly #gates = new Map<string, PromiseWithResolvers<string>>();
  readonly #arrivals = new Map<string, PromiseWithResolvers<void>>();

  #get<T>(map: Map<string, PromiseWithResolvers<T>>, id: string): PromiseWithResolvers<T> {
    let entry = map.get(id);
    if (!entry) map.set(id, entry = Promise.withResolvers<T>());
    return entry;
  }

  /** Resolves when the guest of request `id` is waiting. */
  arrived(id: string): Promise<void> {
    return this.#get(this.#arrivals, id).promise;
  }

  /** Lets the guest of request `id` continue with `value` (or fail with `error`). */
  open(id: string, value: string | Error): void {
    const gate = this.#get(this.#gates, id);
    if (value instanceof Error) gate.reject(value);
    else gate.resolve(value);
  }

  /** `wait_turn()`: an async FFI host function returning `<value>:<request id>`. */
  readonly fn = defineHostFunction({
    name: "wait_turn",
    params: 0,
    returns: true,
    ffi: true,
    async: true,
    call: async (call) => {
      const id = call.request.id;
      this.#get(this.#arrivals, id).resolve();
      const value = await this.#get(this.#gates, id).promise;
      return call.ok(`${value}:${id}`);
    },
  });
}

function waitingGuest(): Guest {
  const g = new Guest().import("env", "wait_turn", 1, true);
  return g.run(
    emit("(global.get $calls)"),
    ffi(host("wait_turn")),
    ffi(host("request_get_field", 0, g.str("id"))),
    ffi(host("request_get_field", 4, g.str("who"))),
    // The input (the request body) becomes a response header, read after the wait.
    host("resp_set_header", g.str("X-Body"), "(local.get $ptr) (local.get $len)"),
    FLUSH,
  );
}

Deno.test("async host functions - two suspended invocations interleave without cross-talk", async () => {
  const gates = new Gates();
  const h = new Harness({ hostFunctions: [gates.fn], maxInstances: 2 });
  const mod = await h.load(waitingGuest());
  assert.equal(mod.suspends, true);
  const state = (who: string) => new Map([["who", encode(who)]]);

  const req = (id: string) => request({ id, body: encode(`body of ${id}`) });
  const a = h.invoke(mod, { request: req("A"), state: state("alice") });
  await gates.arrived("A");
  const b = h.invoke(mod, { request: req("B"), state: state("bob") });
  await gates.arrived("B");
  assert.equal(h.runner.stats().get(mod.info.fqfn)?.busy, 2);

  let aDone = false;
  a.then(() => aDone = true);
  gates.open("B", "second");
  const rb = await b;
  assert.equal(aDone, false, "A is still suspended while B completes");
  gates.open("A", "first");
  const ra = await a;

  const check = (result: typeof ra, id: string, value: string, who: string) => {
    const out = Out.of(result);
    assert.equal(out.i32(), 1);
    assert.deepEqual(out.ffi(), okRecord(`${value}:${id}`));
    assert.deepEqual(out.ffi(), okRecord(id));
    assert.deepEqual(out.ffi(), okRecord(who));
    out.end();
    assert.deepEqual([...result.respHeaders], [["X-Body", `body of ${id}`]]);
  };
  check(ra, "A", "first", "alice");
  check(rb, "B", "second", "bob");
  assert.equal(h.runner.stats().get(mod.info.fqfn)?.instances, 2);
});

Deno.test("async host functions - with maxInstances 1 the second invocation waits its turn", async () => {
  const gates = new Gates();
  const h = new Harness({ hostFunctions: [gates.fn], maxInstances: 1 });
  const mod = await h.load(waitingGuest());
  const state = new Map([["who", encode("x")]]);
  const a = h.invoke(mod, { request: request({ id: "A" }), state });
  await gates.arrived("A");
  const b = h.invoke(mod, { request: request({ id: "B" }), state });
  await Promise.resolve();
  assert.equal(h.runner.stats().get(mod.info.fqfn)?.waiting, 1);
  gates.open("A", "1");
  gates.open("B", "2");
  const [ra, rb] = await Promise.all([a, b]);
  // Same instance, one after the other.
  assert.equal(Out.of(ra).i32(), 1);
  assert.equal(Out.of(rb).i32(), 2);
});

Deno.test("async host functions - a rejected Promise fails the invocation; the next one works", async () => {
  const gates = new Gates();
  const h = new Harness({ hostFunctions: [gates.fn] });
  const mod = await h.load(waitingGuest());
  const failed = h.invoke(mod, { request: request({ id: "bad" }) });
  await gates.arrived("bad");
  gates.open("bad", new Error("backend exploded"));
  expectFailure(await failed, "backend exploded");
  gates.open("good", "fine");
  const out = Out.of(await h.invoke(mod, { request: request({ id: "good" }) }));
  assert.equal(out.i32(), 1, "a fresh instance");
  assert.deepEqual(out.ffi(), okRecord("fine:good"));
});

Deno.test("async host functions - the one-pending-result rule and wrong idents apply", async () => {
  const gates = new Gates();
  const h = new Harness({ hostFunctions: [gates.fn] });
  const g = new Guest().import("env", "wait_turn", 1, true);
  g.run(
    emit(host("request_get_field", 0, g.str("id"))), // pending
    emit(host("wait_turn")), // refused without waiting
    emit(hostAs(WRONG_IDENT, "wait_turn")),
    ffi(1),
    FLUSH,
  );
  const out = Out.of(await h.invoke(await h.load(g), { request: request({ id: "Z" }) }));
  assert.deepEqual([out.i32(), out.i32(), out.i32()], [1, -1, -1]);
  assert.deepEqual(out.ffi(), okRecord("Z"));
  out.end();
});

Deno.test("async host functions - imported through the _swift name, still suspending", async () => {
  const h = new Harness({ asyncCache: true, cache: new SlowCache() });
  const g = new Guest();
  const k = g.str("sk");
  const mod = await h.load(
    g.run(
      emit(swift("cache_set", k, g.str("swift value"), 0)),
      ffi(swift("cache_get", k)),
      FLUSH,
    ),
  );
  assert.equal(mod.suspends, true);
  const out = Out.of(await h.invoke(mod));
  assert.equal(out.i32(), 0);
  assert.deepEqual(out.ffi(), okRecord("swift value"));
  out.end();
});

Deno.test("async host functions - a failure hands a fresh instance to the waiting invocation", async () => {
  const gates = new Gates();
  const h = new Harness({ hostFunctions: [gates.fn], maxInstances: 1 });
  const mod = await h.load(waitingGuest());
  const a = h.invoke(mod, { request: request({ id: "A" }) });
  await gates.arrived("A");
  const b = h.invoke(mod, { request: request({ id: "B" }) });
  gates.open("A", new Error("A failed"));
  gates.open("B", "ok");
  expectFailure(await a, "A failed");
  const out = Out.of(await b);
  assert.equal(out.i32(), 1, "B ran on a fresh instance");
  assert.deepEqual(out.ffi(), okRecord("ok:B"));
  const stats = h.runner.stats().get(mod.info.fqfn)!;
  assert.deepEqual([stats.instances, stats.busy, stats.waiting], [1, 0, 0]);
});
