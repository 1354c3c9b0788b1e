import assert from "node:assert/strict";
import { CheckContext } from "./check_context.ts";
import { Locations } from "./locations.ts";
import { Report } from "./report.ts";
import { lines } from "./test_utils.ts";

Deno.test("reports at the value's position or its nearest ancestor", () => {
  const report = new Report(["D.yaml"]);
  const locations = new Locations({ file: "D.yaml", line: 1, col: 1 });
  locations.set(["handlers", 0], { file: "D.yaml", line: 3, col: 5 });
  const context = new CheckContext(report, locations);
  context.error(["handlers", 0, "steps"], "missing steps");
  context.warn(["identifier"], "careful");
  assert.deepEqual(lines(report), ["1:1: warning: careful", "3:5: missing steps"]);
  assert.deepEqual(context.at(["handlers", 0]), { file: "D.yaml", line: 3, col: 5 });
});

Deno.test("no second error for a value that had the wrong type", () => {
  const report = new Report(["D.yaml"]);
  const locations = new Locations({ file: "D.yaml", line: 1, col: 1 });
  locations.markInvalid(["handlers", 0, "steps"]);
  const context = new CheckContext(report, locations);
  context.error(["handlers", 0, "steps"], "missing steps");
  context.error(["handlers", 0, "steps", 0], "step problem");
  assert.deepEqual(lines(report), ["1:1: step problem"]);
});
