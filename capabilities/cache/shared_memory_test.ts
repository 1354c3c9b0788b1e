import assert from "node:assert/strict";
import { SharedMemoryCache, type SharedMemoryCacheOptions } from "./shared_memory.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** A cache on a clock the test moves by hand. */
function clocked(options: Omit<SharedMemoryCacheOptions, "now" | "buffer"> = {}) {
  let now = 1_000_000;
  const cache = new SharedMemoryCache({ ...options, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

Deno.test("SharedMemoryCache - returns what was set, and undefined for a missing key", () => {
  const cache = new SharedMemoryCache();
  cache.set("greeting", bytes("hello"), 0);
  assert.deepEqual(cache.get("greeting"), bytes("hello"));
  assert.equal(cache.get("missing"), undefined);
  assert.equal(cache.name, "memory");
  assert.equal(cache.missingKeyMessage, "key not found");
});

Deno.test("SharedMemoryCache - setting a key again replaces its value", () => {
  const cache = new SharedMemoryCache();
  cache.set("k", bytes("one"), 0);
  cache.set("k", bytes("two!"), 0);
  assert.deepEqual(cache.get("k"), bytes("two!"));
  assert.equal(cache.size, 1);
});

Deno.test("SharedMemoryCache - an entry expires once its TTL has passed", () => {
  const { cache, advance } = clocked();
  cache.set("session", bytes("abc"), 10);
  advance(9_999);
  assert.deepEqual(cache.get("session"), bytes("abc"));
  advance(1);
  assert.equal(cache.get("session"), undefined);
  assert.equal(cache.size, 0, "the expired entry is dropped when touched");
  assert.equal(cache.bytes, 0);
});

Deno.test("SharedMemoryCache - a TTL of zero or less never expires", () => {
  const { cache, advance } = clocked();
  cache.set("zero", bytes("0"), 0);
  cache.set("negative", bytes("-"), -5);
  advance(365 * 24 * 3600 * 1000);
  assert.deepEqual(cache.get("zero"), bytes("0"));
  assert.deepEqual(cache.get("negative"), bytes("-"));
});

Deno.test("SharedMemoryCache - overwriting resets the TTL", () => {
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

Deno.test("SharedMemoryCache - past maxEntries the least recently set entry is evicted", () => {
  const cache = new SharedMemoryCache({ maxEntries: 2 });
  cache.set("a", bytes("1"), 0);
  cache.set("b", bytes("2"), 0);
  cache.set("c", bytes("3"), 0);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("a"), undefined);
  assert.deepEqual(cache.get("b"), bytes("2"));
  assert.deepEqual(cache.get("c"), bytes("3"));
});

Deno.test("SharedMemoryCache - a get makes an entry recently used, so it outlives newer ones", () => {
  const cache = new SharedMemoryCache({ maxEntries: 2 });
  cache.set("a", bytes("1"), 0);
  cache.set("b", bytes("2"), 0);
  assert.ok(cache.get("a"));
  cache.set("c", bytes("3"), 0);
  assert.deepEqual(cache.get("a"), bytes("1"));
  assert.equal(cache.get("b"), undefined);
  assert.deepEqual(cache.get("c"), bytes("3"));
});

Deno.test("SharedMemoryCache - past maxBytes least recently used entries go first", () => {
  // Each entry: one-letter key (2 bytes) + 8-byte value = 10 bytes.
  const cache = new SharedMemoryCache({ maxBytes: 30 });
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

Deno.test("SharedMemoryCache - a value larger than maxBytes is not stored and evicts nothing", () => {
  const cache = new SharedMemoryCache({ maxBytes: 20 });
  cache.set("a", bytes("small"), 0);
  cache.set("huge", new Uint8Array(64), 0);
  assert.equal(cache.get("huge"), undefined);
  assert.deepEqual(cache.get("a"), bytes("small"));
  assert.equal(cache.size, 1);
  assert.equal(cache.bytes, 2 + 5);
});

Deno.test("SharedMemoryCache - size and bytes follow sets, overwrites and expiry", () => {
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

Deno.test("SharedMemoryCache - the cached value is a copy of the input", () => {
  const cache = new SharedMemoryCache();
  const input = bytes("original");
  cache.set("k", input, 0);
  input.fill(0);
  assert.deepEqual(cache.get("k"), bytes("original"));
});

/** A value of `length` bytes whose every byte depends on `seed` and its position. */
function pattern(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7 + (i >> 8)) & 255);
}

Deno.test("SharedMemoryCache - keys of any length and any UTF-16 units round-trip", () => {
  const cache = new SharedMemoryCache({ maxBytes: 1 << 20 });
  const keys = ["", "k", "ключ ✓ 🚀", "\u0000\uffff\ud800", "x".repeat(31), "y".repeat(33)];
  keys.forEach((key, i) => cache.set(key, pattern(i, i * 50), 0));
  keys.forEach((key, i) => assert.deepEqual(cache.get(key), pattern(i, i * 50), key));
  assert.equal(cache.get("x".repeat(32)), undefined, "a key is not found by a prefix of it");
  assert.equal(cache.get("x".repeat(30)), undefined);
});

Deno.test("SharedMemoryCache - values across many blocks, up to maxBytes, come back whole", () => {
  const cache = new SharedMemoryCache({ maxEntries: 8, maxBytes: 100_000 });
  for (const length of [0, 1, 63, 64, 65, 127, 128, 4096 + 3]) {
    cache.set(`v${length}`, pattern(length, length), 0);
    assert.deepEqual(cache.get(`v${length}`), pattern(length, length), `${length} bytes`);
  }
  const whole = pattern(9, 100_000 - 2 * "all".length);
  cache.set("all", whole, 0);
  assert.deepEqual(cache.get("all"), whole, "one value as large as the cache");
  assert.equal(cache.size, 1, "everything else made room for it");
  assert.equal(cache.bytes, 100_000);
});

Deno.test("SharedMemoryCache - colliding buckets: every key found, removal mid-chain keeps the rest", () => {
  // 4 entries → 4 buckets; 4 keys share few buckets, and replacing or evicting one in the middle
  // of a chain must leave the others reachable.
  const cache = new SharedMemoryCache({ maxEntries: 4 });
  const keys = ["a", "b", "c", "d"];
  for (const key of keys) cache.set(key, bytes(key), 0);
  for (const key of keys) assert.deepEqual(cache.get(key), bytes(key));
  cache.set("b", bytes("B"), 0); // remove + insert
  cache.set("e", bytes("e"), 0); // evicts the least recently used: "a"
  assert.equal(cache.get("a"), undefined);
  for (const key of ["c", "d", "e"]) assert.deepEqual(cache.get(key), bytes(key));
  assert.deepEqual(cache.get("b"), bytes("B"));
  assert.equal(cache.size, 4);
});

Deno.test("SharedMemoryCache - blocks freed by eviction are reused: churn never runs out", () => {
  // Worst-case waste: each entry one byte past a block, so it takes two blocks.
  const cache = new SharedMemoryCache({ maxEntries: 16, maxBytes: 16 * 65 });
  for (let i = 0; i < 5_000; i++) {
    const key = `k${i % 40}`;
    cache.set(key, pattern(i, 65 - key.length * 2 + (i % 3 === 0 ? 0 : -30)), i % 2);
    if (i % 7 === 0) cache.get(`k${(i * 13) % 40}`);
  }
  assert.ok(cache.size <= 16);
  assert.ok(cache.bytes <= 16 * 65);
  // Filled to both limits at once with the most wasteful entries: every block is needed.
  const key = (i: number) => `z${String(i).padStart(2, "0")}`; // 6 bytes + 59 = 65
  for (let i = 0; i < 16; i++) cache.set(key(i), pattern(i, 59), 0);
  assert.equal(cache.size, 16);
  assert.equal(cache.bytes, 16 * 65);
  for (let i = 0; i < 16; i++) assert.deepEqual(cache.get(key(i)), pattern(i, 59));
});

Deno.test("SharedMemoryCache - a second cache on the same buffer sees and changes the same entries", () => {
  const first = new SharedMemoryCache({ maxEntries: 3, maxBytes: 1000 });
  const second = new SharedMemoryCache({ buffer: first.buffer });
  first.set("a", bytes("1"), 0);
  assert.deepEqual(second.get("a"), bytes("1"));
  second.set("b", bytes("2"), 0);
  second.set("c", bytes("3"), 0);
  first.set("d", bytes("4"), 0); // the limits travel with the buffer: 3 entries
  assert.equal(second.size, 3);
  assert.equal(second.get("a"), undefined, "'a' was used least recently, in either cache");
});

Deno.test("SharedMemoryCache - a buffer that is not a cache's is refused with a coded error", () => {
  for (
    const buffer of [new SharedArrayBuffer(4096), new SharedArrayBuffer(8), new ArrayBuffer(4096)]
  ) {
    assert.throws(
      () => new SharedMemoryCache({ buffer: buffer as SharedArrayBuffer }),
      (e: Error & { code?: string }) =>
        e.code === "STRATOS_ERR_CACHE_BUFFER" && /expected the buffer the primary/.test(e.message),
    );
  }
});

Deno.test("SharedMemoryCache - limits too large to reserve give a coded error naming them", () => {
  assert.throws(
    () => new SharedMemoryCache({ maxEntries: 1, maxBytes: 2 ** 50 }),
    (e: Error & { code?: string }) =>
      e.code === "STRATOS_ERR_CACHE_CONFIG" && e.message.includes(`${2 ** 50} bytes needs`),
  );
});

Deno.test("SharedMemoryCache - an empty cache commits almost none of its buffer", () => {
  const rss = () => Number(Deno.readTextFileSync("/proc/self/status").match(/VmRSS:\s+(\d+)/)![1]);
  const before = rss();
  const caches = Array.from({ length: 4 }, () => new SharedMemoryCache()); // 4 × 79 MiB reserved
  caches.forEach((cache, i) => cache.set(`k${i}`, bytes("v"), 0));
  const grown = rss() - before;
  assert.ok(grown < 16 * 1024, `resident memory grew by ${grown} KiB for 4 default caches`);
  assert.equal(caches[3].get("k3")?.length, 1);
});
