import assert from "node:assert/strict";
import { retry } from "./retry.ts";

Deno.test("retry - returns the first success, waiting between failures", async () => {
  const waits: number[] = [];
  const retried: number[] = [];
  const result = await retry(
    (n) => n < 3 ? Promise.reject(new Error(`no ${n}`)) : Promise.resolve(n),
    {
      attempts: 5,
      waitMs: 7,
      onRetry: (_, n) => retried.push(n),
      sleep: (ms) => Promise.resolve(void waits.push(ms)),
    },
  );
  assert.equal(result, 3);
  assert.deepEqual(waits, [7, 7]);
  assert.deepEqual(retried, [1, 2]);
});

Deno.test("retry - throws the last error after the last attempt", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => Promise.reject(new Error(`failure ${++calls}`)), { attempts: 3, waitMs: 0 }),
    /failure 3/,
  );
  assert.equal(calls, 3);
});
