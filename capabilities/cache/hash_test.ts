import assert from "node:assert/strict";
import { hashKey } from "./hash.ts";

Deno.test("hashKey - the same key always hashes alike, as a signed 32-bit integer", () => {
  for (const key of ["", "a", "greeting", "ключ ✓", "x".repeat(10_000)]) {
    const hash = hashKey(key);
    assert.equal(hash, hashKey(String(key)));
    assert.equal(hash, hash | 0, `${key.slice(0, 10)}: not an int32`);
  }
});

Deno.test("hashKey - keys that differ in one unit or in order hash apart", () => {
  assert.notEqual(hashKey("ab"), hashKey("ba"));
  assert.notEqual(hashKey("key1"), hashKey("key2"));
  assert.notEqual(hashKey(""), hashKey("\0"));
  assert.notEqual(hashKey("\u0100"), hashKey("\u0001"), "the high byte of a unit counts");
});

Deno.test("hashKey - sequential keys spread evenly over the low bits (the bucket)", () => {
  const buckets = new Array(256).fill(0);
  for (let i = 0; i < 256 * 64; i++) buckets[hashKey(`user:${i}`) & 255]++;
  // 64 per bucket on average; a bad spread leaves buckets near-empty or doubled.
  assert.ok(Math.min(...buckets) >= 32, `emptiest bucket ${Math.min(...buckets)}`);
  assert.ok(Math.max(...buckets) <= 104, `fullest bucket ${Math.max(...buckets)}`);
});
