import assert from "node:assert/strict";
import { InFlight } from "./in_flight.ts";

Deno.test("InFlight - takes free slots at once and makes the next caller wait", async () => {
  const slots = new InFlight(2);
  assert.equal(slots.acquire(), undefined);
  assert.equal(slots.acquire(), undefined);
  const third = slots.acquire();
  assert.ok(third instanceof Promise);
  let got = false;
  third.then(() => got = true);
  await Promise.resolve();
  assert.equal(got, false);
  slots.release();
  await third;
  assert.equal(got, true);
  assert.equal(slots.count, 2);
});

Deno.test("InFlight - idle resolves when the last slot is given back", async () => {
  const slots = new InFlight(3);
  await slots.idle(); // nothing in flight
  slots.acquire();
  slots.acquire();
  let idle = false;
  const waiting = slots.idle().then(() => idle = true);
  slots.release();
  await Promise.resolve();
  assert.equal(idle, false);
  slots.release();
  await waiting;
  assert.equal(idle, true);
  assert.equal(slots.count, 0);
});

Deno.test("InFlight - refuses a limit below 1", () => {
  assert.throws(() => new InFlight(0), RangeError);
});

Deno.test("InFlight - tryAcquire takes a free slot or nothing, and queues no waiter", async () => {
  const slots = new InFlight(2);
  assert.equal(slots.tryAcquire(), true);
  assert.equal(slots.tryAcquire(), true);
  assert.equal(slots.tryAcquire(), false);
  assert.equal(slots.count, 2);
  slots.release();
  slots.release();
  await slots.idle(); // no waiter took the released slots
  assert.equal(slots.count, 0);
});
