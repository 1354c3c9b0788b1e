import assert from "node:assert/strict";
import { settlesWithin } from "./settle.ts";

Deno.test("settlesWithin - true for a promise that settles in time, rejections included", async () => {
  assert.equal(await settlesWithin(Promise.resolve(1), 50), true);
  assert.equal(await settlesWithin(Promise.reject(new Error("x")), 50), true);
});

Deno.test("settlesWithin - false once the time is up", async () => {
  const never = new Promise(() => {});
  assert.equal(await settlesWithin(never, 5), false);
});
