import assert from "node:assert/strict";
import { Pool, PoolFullError } from "./pool.ts";

Deno.test("Pool - hands out an idle item synchronously", async () => {
  let made = 0;
  const pool = new Pool(() => Promise.resolve(++made), 2);
  await pool.prewarm();
  const item = pool.acquire();
  assert.equal(item, 1);
  pool.release(1, true);
  assert.equal(pool.acquire(), 1);
});

Deno.test("Pool - never exceeds its bound and queues callers", async () => {
  let made = 0;
  const pool = new Pool(() => Promise.resolve(++made), 2);
  const a = await pool.acquire();
  const b = await pool.acquire();
  const c = pool.acquire();
  assert.ok(c instanceof Promise);
  assert.deepEqual(pool.stats(), { instances: 2, busy: 2, waiting: 1, max: 2 });
  pool.release(a, true);
  assert.equal(await c, a);
  assert.equal(made, 2);
  pool.release(b, true);
});

Deno.test("Pool - a dropped item is replaced for the next waiter", async () => {
  let made = 0;
  const pool = new Pool(() => Promise.resolve(++made), 1);
  const a = await pool.acquire();
  const next = pool.acquire();
  pool.release(a, false);
  assert.equal(await next, 2);
  assert.equal(pool.stats().instances, 1);
});

Deno.test("Pool - creation failures reach the caller and free the slot", async () => {
  let fail = true;
  const pool = new Pool(() => fail ? Promise.reject(new Error("boom")) : Promise.resolve(7), 1);
  await assert.rejects(async () => await pool.acquire(), /boom/);
  fail = false;
  assert.equal(await pool.acquire(), 7);
});

Deno.test("Pool - close rejects waiters", async () => {
  const pool = new Pool(() => Promise.resolve({}), 1);
  await pool.acquire();
  const waiting = pool.acquire();
  pool.close();
  await assert.rejects(async () => await waiting, /closed/);
});

Deno.test("Pool - past maxWaiting callers are refused at once with PoolFullError", async () => {
  const pool = new Pool(() => Promise.resolve({}), 1, 1);
  const first = await pool.acquire();
  const waiting = pool.acquire();
  await assert.rejects(async () => await pool.acquire(), (e: unknown) => {
    assert.ok(e instanceof PoolFullError);
    assert.equal(e.code, "STRATOS_ERR_OVERLOADED");
    return true;
  });
  pool.release(first, true);
  assert.equal(await waiting, first, "the one in line still gets served");
});
