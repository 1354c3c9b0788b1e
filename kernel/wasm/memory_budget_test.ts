import assert from "node:assert/strict";
import { MemoryBudget, PAGE_BYTES } from "./memory_budget.ts";

Deno.test("memory budget - reserves up to the limit and refuses past it", () => {
  const budget = new MemoryBudget(1); // 16 pages
  assert.equal(1024 * 1024 / PAGE_BYTES, 16);
  assert.ok(budget.reserve(10));
  assert.ok(!budget.reserve(7), "17 pages pass the limit");
  assert.equal(budget.usedPages, 10, "a refused reservation reserves nothing");
  assert.ok(budget.reserve(6));
  budget.release(16);
  assert.equal(budget.usedPages, 0);
});

Deno.test("memory budget - two budgets on one buffer share the count", () => {
  const primary = new MemoryBudget(1);
  const replica = new MemoryBudget(1, primary.buffer);
  assert.ok(primary.reserve(12));
  assert.ok(!replica.reserve(5));
  assert.ok(replica.reserve(4));
  assert.equal(primary.usedPages, 16);
});
