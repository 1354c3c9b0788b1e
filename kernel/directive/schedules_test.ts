import assert from "node:assert/strict";
import { formatFQFN } from "./fqfn.ts";
import { checkSchedules } from "./schedules.ts";
import { decodeFixture, lines } from "./test_utils.ts";

const find = (fn: string) =>
  fn === "a"
    ? { name: "a", namespace: "default", fqfn: formatFQFN("x", "default", "a", "v1") }
    : undefined;

Deno.test("types a schedule whose steps may use its state", () => {
  const { raw, context, report } = decodeFixture(
    "schedules:\n  - name: report\n    every: {minutes: 5}\n    state: {repo: suborbital/atmo}\n" +
      "    steps: [{fn: a, with: {r: repo}}]\n",
  );
  assert.deepEqual(checkSchedules(raw.schedules, find, context), [{
    name: "report",
    every: { minutes: 5 },
    state: { repo: "suborbital/atmo" },
    steps: [{ fn: "a", with: { r: "repo" }, fqfn: "x#default::a@v1" }],
  }]);
  assert.deepEqual(lines(report), []);
});

Deno.test("reports Atmo's schedule messages", () => {
  const { raw, context, report } = decodeFixture(
    "schedules:\n  - every: {seconds: 1}\n    steps: [{fn: a}]\n  - name: empty\n    every: {seconds: 1}\n" +
      "  - name: never\n    every: {seconds: 0}\n    steps: [{fn: a}]\n  - name: no-every\n" +
      "    steps: [{fn: a}]\n",
  );
  checkSchedules(raw.schedules, find, context);
  assert.deepEqual(lines(report), [
    "2:5: schedule at position 0 has no name",
    "4:5: schedule empty missing steps",
    "7:12: schedule never has no 'every' values",
    "9:5: schedule no-every has no 'every' values",
  ]);
});
