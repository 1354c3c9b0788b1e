import assert from "node:assert/strict";
import { addHistogram, DURATION_BUCKETS, emptyHistogram, observe } from "./histogram.ts";

Deno.test("observe - a duration goes into the first bucket whose bound it does not pass", () => {
  const h = emptyHistogram();
  observe(h, 0.5); // 0.0005 s: exactly the first bound
  observe(h, 0.6);
  observe(h, 20_000); // 20 s
  observe(h, 60_000); // past the last bound
  assert.equal(h.buckets.length, DURATION_BUCKETS.length + 1);
  assert.equal(h.buckets[0], 1);
  assert.equal(h.buckets[1], 1);
  assert.equal(h.buckets[DURATION_BUCKETS.indexOf(30)], 1);
  assert.equal(h.buckets[DURATION_BUCKETS.length], 1);
  assert.equal(h.count, 4);
  assert.ok(Math.abs(h.sum - 80.0011) < 1e-9);
});

Deno.test("addHistogram - adds buckets, sums and counts", () => {
  const a = emptyHistogram();
  const b = emptyHistogram();
  observe(a, 250);
  observe(b, 250);
  observe(b, 2_000);
  addHistogram(a, b);
  assert.equal(a.count, 3);
  assert.equal(a.sum, 2.5);
  assert.equal(a.buckets[DURATION_BUCKETS.indexOf(0.25)], 2);
  assert.equal(a.buckets[DURATION_BUCKETS.indexOf(2.5)], 1);
});
