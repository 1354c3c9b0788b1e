import assert from "node:assert/strict";
import { emptyHistogram, observe } from "../observe/histogram.ts";
import type { ModuleStats } from "../plugins/types.ts";
import { mergeHealth, sumModuleStats } from "./process_reports.ts";

/** `n` invocations, each timed at 500 ms (a sum exact in binary). */
const timed = (n: number) => {
  const duration = emptyHistogram();
  for (let i = 0; i < n; i++) observe(duration, 500);
  return duration;
};

const stats = (n: number): ModuleStats => ({
  invocations: n,
  failures: n % 2,
  restarts: n,
  errors: n,
  refusals: n % 2,
  duration: timed(n),
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
    a: {
      invocations: 7,
      failures: 1,
      restarts: 7,
      errors: 7,
      refusals: 1,
      duration: timed(7),
      instances: 2,
      busy: 0,
      waiting: 7,
      max: 64,
    },
    b: stats(1),
  });
});

Deno.test("mergeHealth - a check failing in any isolate fails with that isolate's report", () => {
  const up = { healthy: true, detail: "connected" };
  assert.deepEqual(
    mergeHealth([
      { kafka: { healthy: false, detail: "broker down" }, db: up },
      { kafka: up, db: { healthy: false, detail: "ECONNREFUSED" }, redis: up },
    ]),
    {
      kafka: { healthy: false, detail: "broker down" },
      db: { healthy: false, detail: "ECONNREFUSED" },
      redis: up,
    },
  );
  assert.deepEqual(mergeHealth([{ db: up }, { db: up }]), { db: up });
});
