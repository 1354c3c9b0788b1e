import assert from "node:assert/strict";
import { Backoff } from "./backoff.ts";

const waits = (backoff: Backoff, n: number) => Array.from({ length: n }, () => backoff.next());

Deno.test("Backoff - grows by the factor from the initial delay up to the max", () => {
  assert.deepEqual(waits(new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 }), 6), [
    100,
    200,
    400,
    800,
    1000,
    1000,
  ]);
  assert.deepEqual(
    waits(new Backoff({ initialMs: 10, maxMs: 100, factor: 3, jitter: 0 }), 4),
    [10, 30, 90, 100],
  );
  assert.deepEqual(waits(new Backoff({ initialMs: 50, maxMs: 900, factor: 1, jitter: 0 }), 3), [
    50,
    50,
    50,
  ]);
});

Deno.test("Backoff - reset starts over; current is the last wait handed out", () => {
  const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
  assert.equal(backoff.current, 100, "before the first attempt");
  waits(backoff, 3);
  assert.equal(backoff.current, 400);
  assert.equal(backoff.current, 400, "reading it does not move on");
  assert.equal(backoff.attempts, 3);
  backoff.reset();
  assert.equal(backoff.attempts, 0);
  assert.equal(backoff.current, 100);
  assert.equal(backoff.next(), 100);
});

Deno.test("Backoff - jitter adds up to its share of the wait, 20% by default", () => {
  assert.equal(new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.5 }).next(), 110);
  assert.equal(new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999 }).next(), 120);
  const half = new Backoff({ initialMs: 100, maxMs: 100, jitter: 0.5, random: () => 0.5 });
  assert.deepEqual(waits(half, 2), [125, 125], "jitter is added after the max");
  for (const wait of waits(new Backoff({ initialMs: 100, maxMs: 800 }), 50)) {
    assert.ok(wait >= 100 && wait <= 960, `${wait} out of bounds`);
  }
});

Deno.test("Backoff - never overflows, and a max below the initial delay is the initial delay", () => {
  const long = new Backoff({ initialMs: 1, maxMs: 5000, factor: 10, jitter: 0 });
  const all = waits(long, 2000);
  assert.equal(all.at(-1), 5000);
  assert.ok(all.every(Number.isFinite));
  assert.deepEqual(waits(new Backoff({ initialMs: 300, maxMs: 100, jitter: 0 }), 2), [300, 300]);
  assert.deepEqual(waits(new Backoff({ initialMs: 0, maxMs: 100 }), 3), [0, 0, 0]);
});

Deno.test("Backoff - refuses negative delays, a factor below 1 and a jitter outside [0, 1]", () => {
  assert.throws(
    () => new Backoff({ initialMs: -1, maxMs: 10 }),
    /at least 0 ms: found initialMs -1/,
  );
  assert.throws(() => new Backoff({ initialMs: 1, maxMs: NaN }), RangeError);
  assert.throws(() => new Backoff({ initialMs: 1, maxMs: 10, factor: 0.5 }), /factor .*0\.5/);
  assert.throws(() => new Backoff({ initialMs: 1, maxMs: 10, jitter: 2 }), /jitter .*found 2/);
});
