import assert from "node:assert/strict";
import type { ModuleStats } from "../plugins/types.ts";
import { sumModuleStats } from "./module_stats.ts";

const stats = (n: number): ModuleStats => ({
  invocations: n,
  failures: n % 2,
  instances: 1,
  busy: 0,
  waiting: n,
  max: 32,
});

Deno.test("sumModuleStats - adds every counter module by module", () => {
  const total = sumModuleStats([
    new Map([["a", stats(3)], ["b", stats(1)]]),
    new Map([["a", stats(4)]]),
  ]);
  assert.deepEqual(Object.fromEntries(total), {
    a: { invocations: 7, failures: 1, instances: 2, busy: 0, waiting: 7, max: 64 },
    b: stats(1),
  });
});
