import assert from "node:assert/strict";
import { DEFAULT_MAX_PROBLEMS, maxProblemsFromEnv, Report } from "./report.ts";

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

Deno.test("failure() lists the first problems by position and counts the rest", () => {
  const report = new Report(["D.yaml"]);
  for (let line = 9; line >= 1; line--) report.error({ file: "D.yaml", line, col: 1 }, `e${line}`);
  report.warn({ file: "D.yaml", line: 1, col: 1 }, "w");
  const failure = report.failure(3);
  assert.deepEqual(failure.problems.map((p) => p.message), ["e1", "warning: w", "e2"]);
  assert.equal(failure.omitted, 7);
  assert.equal(failure.summary, "and 7 more (10 problems in all)");
  assert.equal(report.failure(10).omitted, 0);
  assert.equal(report.failure(10).summary, "found 10 problems");
});

Deno.test("STRATOS_MAX_PROBLEMS: a positive integer, else the default", () => {
  const env = (value?: string) => (name: string) =>
    name === "STRATOS_MAX_PROBLEMS" ? value : undefined;
  assert.equal(maxProblemsFromEnv(env()), DEFAULT_MAX_PROBLEMS);
  assert.equal(DEFAULT_MAX_PROBLEMS, 100);
  assert.equal(maxProblemsFromEnv(env(" 7 ")), 7);
  for (const bad of ["0", "-1", "1.5", "many", ""]) {
    assert.equal(maxProblemsFromEnv(env(bad)), DEFAULT_MAX_PROBLEMS, bad);
  }
});
