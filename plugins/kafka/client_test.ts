import assert from "node:assert/strict";
import { retriesWhile } from "./client.ts";

Deno.test("retriesWhile - endless while going, 0 from the stop on, for a count read before", () => {
  let going = true;
  const retries = retriesWhile(() => going);
  const attempt = 1_000_000;
  assert.equal(attempt < retries, true);
  going = false;
  assert.equal(attempt < retries, false);
  assert.equal(0 < retries, false, "not even one more attempt");
});
