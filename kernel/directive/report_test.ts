import assert from "node:assert/strict";
import { Report } from "./report.ts";

Deno.test("sorts by file order, line and column, keeping order at one position", () => {
  const report = new Report(["D.yaml", "Q.yaml"]);
  report.error({ file: "Q.yaml", line: 1, col: 1 }, "q");
  report.error({ file: "D.yaml", line: 3, col: 5 }, "b");
  report.error({ file: "D.yaml", line: 3, col: 5 }, "c");
  report.error({ file: "D.yaml", line: 2, col: 9 }, "a");
  assert.deepEqual(report.all().map((p) => p.message), ["a", "b", "c", "q"]);
  assert.equal(report.failed, true);
});

Deno.test("all() interleaves warnings, marked as such", () => {
  const report = new Report(["D.yaml"]);
  report.error({ file: "D.yaml", line: 4, col: 1 }, "missing steps");
  report.warn({ file: "D.yaml", line: 3, col: 1 }, "unknown key 'stpes'");
  assert.deepEqual(report.all().map((p) => p.message), [
    "warning: unknown key 'stpes'",
    "missing steps",
  ]);
  assert.deepEqual(report.warnings().map((p) => p.message), ["unknown key 'stpes'"]);
});

Deno.test("a report without errors has not failed", () => {
  const report = new Report(["D.yaml"]);
  report.warn({ file: "D.yaml", line: 1, col: 1 }, "w");
  assert.equal(report.failed, false);
  assert.deepEqual(report.warnings().map((p) => p.message), ["w"]);
});
