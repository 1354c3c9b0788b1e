import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import { leaseTtl, readScheduleSettings } from "./settings.ts";

Deno.test("readScheduleSettings - the longest lease from config, else the environment, else 15 s", () => {
  assert.deepEqual(readScheduleSettings({}, () => undefined), { leaseMs: 15_000 });
  const env = (name: string) => name === "STRATOS_SCHEDULE_LEASE_MS" ? "4000" : undefined;
  assert.deepEqual(readScheduleSettings({}, env), { leaseMs: 4000 });
  assert.deepEqual(readScheduleSettings({ leaseMs: 2000 }, env), { leaseMs: 2000 });
  assert.throws(
    () => readScheduleSettings({}, () => "500"),
    stratosError(
      "STRATOS_ERR_SCHEDULE_CONFIG",
      'STRATOS_SCHEDULE_LEASE_MS must be an integer >= 1000: found "500"',
    ),
  );
});

Deno.test("leaseTtl - the shortest period, at least a second, at most the longest lease", () => {
  const settings = { leaseMs: 15_000 };
  assert.equal(leaseTtl([60_000, 5000], settings), 5000);
  assert.equal(leaseTtl([3_600_000], settings), 15_000);
  assert.equal(leaseTtl([1000], settings), 1000);
  assert.equal(leaseTtl([1000], { leaseMs: 1000 }), 1000);
});
