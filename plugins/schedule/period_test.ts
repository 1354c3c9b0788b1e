import assert from "node:assert/strict";
import { periodMillis } from "./period.ts";

Deno.test("periodMillis - adds up every unit", () => {
  assert.equal(periodMillis({ seconds: 5 }), 5_000);
  assert.equal(periodMillis({ minutes: 2, seconds: 1 }), 121_000);
  assert.equal(periodMillis({ hours: 1, days: 1 }), 90_000_000);
});
