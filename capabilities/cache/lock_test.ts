import assert from "node:assert/strict";
import { acquire, release } from "./lock.ts";
import { startJob } from "./testdata/mod.ts";

const word = () => new Int32Array(new SharedArrayBuffer(4));

Deno.test("lock - a free lock is taken at once and is free again after release", () => {
  const words = word();
  acquire(words, 0);
  assert.equal(Atomics.load(words, 0), 1);
  release(words, 0);
  assert.equal(Atomics.load(words, 0), 0);
  acquire(words, 0, 10);
  release(words, 0);
});

Deno.test("lock - a lock nobody releases fails with a coded error after the timeout", () => {
  const words = word();
  acquire(words, 0);
  const started = Date.now();
  assert.throws(
    () => acquire(words, 0, 100),
    (e: Error & { code?: string }) =>
      e.code === "STRATOS_ERR_CACHE_LOCK" && e.message.includes("more than 100 ms"),
  );
  const waited = Date.now() - started;
  assert.ok(waited >= 100 && waited < 3_000, `gave up after ${waited} ms`);
  assert.equal(Atomics.load(words, 0), 2, "still held, marked as waited for");
});

Deno.test("lock - a lock held by another isolate is taken once that isolate releases it", async () => {
  const words = word();
  const holder = startJob({ job: "hold", words, ms: 300 });
  try {
    assert.equal(await holder.message(), "held");
    const started = Date.now();
    acquire(words, 0); // sleeps until the Worker's release wakes it
    const waited = Date.now() - started;
    assert.ok(waited >= 150 && waited < 5_000, `took the lock after ${waited} ms`);
    assert.equal(await holder.message(), "released");
    release(words, 0);
    assert.equal(Atomics.load(words, 0), 0);
  } finally {
    holder.terminate();
  }
});
