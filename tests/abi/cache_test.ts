import assert from "node:assert/strict";
import { SharedMemoryCache } from "../../capabilities/cache/mod.ts";
import {
  emit,
  encode,
  errRecord,
  ffi,
  FLUSH,
  Guest,
  Harness,
  type HarnessOptions,
  host,
  type LogLine,
  okRecord,
  Out,
} from "./harness.ts";

/** A harness over a SharedMemoryCache whose clock the test moves. */
function clocked(options: HarnessOptions = {}) {
  const clock = { now: 1_000_000 };
  const cache = new SharedMemoryCache({ now: () => clock.now });
  return { h: new Harness({ cache, ...options }), clock, cache };
}

/** A guest that sets `key` (if `value` is given) and then gets `key`. */
function setGet(key: string, value?: string, ttl = 0): Guest {
  const g = new Guest();
  const k = g.str(key);
  const statements = value === undefined ? [] : [emit(host("cache_set", k, g.str(value), ttl))];
  return g.run(...statements, ffi(host("cache_get", k)), FLUSH);
}

Deno.test("cache_set/cache_get - set returns 0, get returns the value", async () => {
  const { h } = clocked();
  const out = Out.of(await h.run(setGet("greeting", "hello ✓")));
  assert.equal(out.i32(), 0);
  assert.deepEqual(out.ffi(), okRecord("hello ✓"));
  out.end();
  assert.deepEqual(h.cache.get("greeting"), encode("hello ✓"));
});

Deno.test("cache_get - a value set by the host or an earlier invocation is visible", async () => {
  const { h, cache } = clocked();
  cache.set("from-host", encode("v"), 0);
  const out = Out.of(await h.run(setGet("from-host")));
  assert.deepEqual(out.ffi(), okRecord("v"));
});

Deno.test("cache_set - a TTL in seconds expires the value", async () => {
  const { h, clock } = clocked();
  const setter = await h.load(setGet("k", "v", 10), "setter");
  const getter = await h.load(setGet("k"), "getter");
  Out.of(await h.invoke(setter));
  clock.now += 9_999;
  assert.deepEqual(Out.of(await h.invoke(getter)).ffi(), okRecord("v"));
  clock.now += 2;
  assert.deepEqual(Out.of(await h.invoke(getter)).ffi(), errRecord("key not found"));
});

Deno.test("cache_set - TTL 0 never expires", async () => {
  const { h, clock } = clocked();
  Out.of(await h.run(setGet("k", "v", 0)));
  clock.now += 365 * 24 * 3600 * 1000;
  assert.deepEqual(Out.of(await h.run(setGet("k"))).ffi(), okRecord("v"));
});

Deno.test("cache_set - a new value replaces the old one", async () => {
  const { h } = clocked();
  Out.of(await h.run(setGet("k", "one")));
  const out = Out.of(await h.run(setGet("k", "two")));
  assert.equal(out.i32(), 0);
  assert.deepEqual(out.ffi(), okRecord("two"));
});

Deno.test("cache_set - returns -2 and stores nothing when rules.allowSet is false", async () => {
  const { h, cache } = clocked({ configure: (caps) => caps.cache.rules.allowSet = false });
  const out = Out.of(await h.run(setGet("k", "v")));
  assert.equal(out.i32(), -2);
  assert.deepEqual(out.ffi(), errRecord("key not found"));
  out.end();
  assert.equal(cache.get("k"), undefined);
});

Deno.test("cache_get - `capability is not enabled` when rules.allowGet is false", async () => {
  const { h, cache } = clocked({ configure: (caps) => caps.cache.rules.allowGet = false });
  const out = Out.of(await h.run(setGet("k", "v")));
  assert.equal(out.i32(), 0, "setting is still allowed");
  assert.deepEqual(out.ffi(), errRecord("capability is not enabled"));
  assert.deepEqual(cache.get("k"), encode("v"));
});

Deno.test("cache.enabled false - cache_set is -2 and cache_get is not enabled", async () => {
  const { h, cache } = clocked({ configure: (caps) => caps.cache.enabled = false });
  const out = Out.of(await h.run(setGet("k", "v")));
  assert.equal(out.i32(), -2);
  assert.deepEqual(out.ffi(), errRecord("capability is not enabled"));
  assert.equal(cache.get("k"), undefined);
});

Deno.test("cache_set - a failing backend gives -2 and a warning, not a failure", async () => {
  const cache = new SharedMemoryCache();
  cache.set = () => {
    throw new Error("backend down");
  };
  const h = new Harness({ cache });
  const out = Out.of(await h.run(setGet("k", "v")));
  assert.equal(out.i32(), -2);
  const warnings = h.logs().filter((l: LogLine) => l.msg === "cache_set failed");
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].level, "warn");
});
