import assert from "node:assert/strict";
import { Backoff } from "./backoff.ts";

Deno.test("Backoff - doubles from the base up to the ceiling, and starts over on reset", () => {
  const backoff = new Backoff(100, 1000, () => 0);
  const waits = [];
  for (let i = 0; i < 6; i++) {
    backoff.attempted();
    waits.push(backoff.delay());
  }
  assert.deepEqual(waits, [100, 200, 400, 800, 1000, 1000]);
  backoff.reset();
  assert.equal(backoff.delay(), 100);
  backoff.attempted();
  assert.equal(backoff.delay(), 100);
});

Deno.test("Backoff - jitter adds at most 20%, fixed between attempts", () => {
  const backoff = new Backoff(100, 1000, () => 0.5);
  backoff.attempted();
  assert.equal(backoff.delay(), 110);
  assert.equal(backoff.delay(), 110);
});
