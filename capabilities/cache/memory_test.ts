import assert from "node:assert/strict";
import { MemoryCache, type MemoryCacheOptions } from "./memory.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** A cache on a clock the test moves by hand. */
function clocked(options: Omit<MemoryCacheOptions, "now"> = {}) {
  let now = 1_000_000;
  const cache = new MemoryCache({ ...options, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

Deno.test("MemoryCache - returns what was set, and undefined for a missing key", () => {
  const cache = new MemoryCache();
  cache.set("greeting", bytes("hello"), 0);
  assert.deepEqual(cache.get("greeting"), bytes("hello"));
  assert.equal(cache.get("missing"), undefined);
  assert.equal(cache.name, "memory");
  assert.equal(cache.missingKeyMessage, "key not found");
});

Deno.test("MemoryCache - setting a key again replaces its value", () => {
  const cache = new MemoryCache();
  cache.set("k", bytes("one"), 0);
  cache.set("k", bytes("two!"), 0);
  assert.deepEqual(cache.get("k"), bytes("two!"));
  assert.equal(cache.size, 1);
});

Deno.test("MemoryCache - an entry expires once its TTL has passed", () => {
  const { cache, advance } = clocked();
  cache.set("session", bytes("abc"), 10);
  advance(9_999);
  assert.deepEqual(cache.get("session"), bytes("abc"));
  advance(1);
  assert.equal(cache.get("session"), undefined);
  assert.equal(cache.size, 0, "the expired entry is dropped when touched");
  assert.equal(cache.bytes, 0);
});

Deno.test("MemoryCache - a TTL of zero or less never expires", () => {
  const { cache, advance } = clocked();
  cache.set("zero", bytes("0"), 0);
  cache.set("negative", bytes("-"), -5);
  advance(365 * 24 * 3600 * 1000);
  assert.deepEqual(cache.get("zero"), bytes("0"));
  assert.deepEqual(cache.get("negative"), bytes("-"));
});

Deno.test("MemoryCache - overwriting resets the TTL", () => {
  const { cache, advance } = clocked();
  cache.set("k", bytes("v1"), 1);
  advance(800);
  cache.set("k", bytes("v2"), 1);
  advance(800);
  assert.deepEqual(cache.get("k"), bytes("v2"));
  cache.set("k", bytes("v3"), 0);
  advance(10_000);
  assert.deepEqual(cache.get("k"), bytes("v3"), "a later TTL of 0 removes the expiry");
});

Deno.test("MemoryCache - past maxEntries the least recently set entry is evicted", () => {
  const cache = new MemoryCache({ maxEntries: 2 });
  cache.set("a", bytes("1"), 0);
  cache.set("b", bytes("2"), 0);
  cache.set("c", bytes("3"), 0);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("a"), undefined);
  assert.deepEqual(cache.get("b"), bytes("2"));
  assert.deepEqual(cache.get("c"), bytes("3"));
});

Deno.test("MemoryCache - a get makes an entry recently used, so it outlives newer ones", () => {
  const cache = new MemoryCache({ maxEntries: 2 });
  cache.set("a", bytes("1"), 0);
  cache.set("b", bytes("2"), 0);
  assert.ok(cache.get("a"));
  cache.set("c", bytes("3"), 0);
  assert.deepEqual(cache.get("a"), bytes("1"));
  assert.equal(cache.get("b"), undefined);
  assert.deepEqual(cache.get("c"), bytes("3"));
});

Deno.test("MemoryCache - past maxBytes least recently used entries go first", () => {
  // Each entry: one-letter key (2 bytes) + 8-byte value = 10 bytes.
  const cache = new MemoryCache({ maxBytes: 30 });
  for (const key of ["a", "b", "c"]) cache.set(key, new Uint8Array(8), 0);
  assert.equal(cache.bytes, 30);
  assert.ok(cache.get("a"));
  cache.set("d", new Uint8Array(18), 0); // 20 bytes: b and c must go, a was used
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("c"), undefined);
  assert.ok(cache.get("a"));
  assert.ok(cache.get("d"));
  assert.equal(cache.bytes, 30);
  assert.equal(cache.size, 2);
});

Deno.test("MemoryCache - a value larger than maxBytes is not stored and evicts nothing", () => {
  const cache = new MemoryCache({ maxBytes: 20 });
  cache.set("a", bytes("small"), 0);
  cache.set("huge", new Uint8Array(64), 0);
  assert.equal(cache.get("huge"), undefined);
  assert.deepEqual(cache.get("a"), bytes("small"));
  assert.equal(cache.size, 1);
  assert.equal(cache.bytes, 2 + 5);
});

Deno.test("MemoryCache - size and bytes follow sets, overwrites and expiry", () => {
  const { cache, advance } = clocked();
  assert.equal(cache.size, 0);
  assert.equal(cache.bytes, 0);
  cache.set("ab", bytes("xyz"), 0); // 4 + 3
  cache.set("c", bytes("1234"), 1); // 2 + 4
  assert.equal(cache.size, 2);
  assert.equal(cache.bytes, 13);
  cache.set("ab", bytes("x"), 0); // now 4 + 1
  assert.equal(cache.size, 2);
  assert.equal(cache.bytes, 11);
  advance(1_000);
  assert.equal(cache.get("c"), undefined);
  assert.equal(cache.size, 1);
  assert.equal(cache.bytes, 5);
});

Deno.test("MemoryCache - the cached value is a copy of the input", () => {
  const cache = new MemoryCache();
  const input = bytes("original");
  cache.set("k", input, 0);
  input.fill(0);
  assert.deepEqual(cache.get("k"), bytes("original"));
});
